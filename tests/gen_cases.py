#!/usr/bin/env python3
"""Writes the conformance suite, tests/cases/*.json, from the tables below.

Each case cites the page of the AWS IAM User Guide (or Organizations User Guide) that
states the rule (`doc`) and says in a sentence why the decision follows (`why`). Where
the guide is unclear, `notes` says so and which reading the engine takes.

Run: python3 tests/gen_cases.py   (the JSON files are committed; CI checks them)
"""
import json
import os

ACCT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCT}:user/alice"
BOB_X = f"arn:aws:iam::{OTHER}:user/bob"
ROOT = f"arn:aws:iam::{ACCT}:root"
SESSION = f"arn:aws:sts::{ACCT}:assumed-role/Analyst/alice-session"
ROLE = f"arn:aws:iam::{ACCT}:role/Analyst"
FED = f"arn:aws:sts::{ACCT}:federated-user/carol"
OBJ = "arn:aws:s3:::reports/q1.csv"

EVAL = "IAM User Guide: Policy evaluation logic"
ELEM = "IAM User Guide: IAM JSON policy elements reference"
COND = "IAM User Guide: IAM JSON policy elements: Condition operators"
MULTI = "IAM User Guide: Set operators for multivalued context keys"
VARS = "IAM User Guide: IAM policy elements: Variables and tags"
BOUND = "IAM User Guide: Permissions boundaries for IAM entities"
SESS = "IAM User Guide: Policy types (session policies)"
SCP = "Organizations User Guide: Service control policies (SCPs)"
RCP = "Organizations User Guide: Resource control policies (RCPs)"
CROSS = "IAM User Guide: Cross-account policy evaluation logic"
PRIN = "IAM User Guide: AWS JSON policy elements: Principal"
NOTP = "IAM User Guide: AWS JSON policy elements: NotPrincipal"
ROOTDOC = "IAM User Guide: AWS account root user"
KMS = "AWS KMS Developer Guide: Key policies in AWS KMS"
VPCE = "AWS PrivateLink Guide: Control access to VPC endpoints using endpoint policies"

files = {}


def pol(*stmts, version="2012-10-17"):
    p = {"Statement": list(stmts)}
    if version:
        p = {"Version": version, **p}
    return p


def st(effect, action, resource="*", **kw):
    s = {"Effect": effect, "Action": action}
    if resource is not None:
        s["Resource"] = resource
    s.update(kw)
    return s


def allow(action, resource="*", **kw):
    return st("Allow", action, resource, **kw)


def deny(action, resource="*", **kw):
    return st("Deny", action, resource, **kw)


ALLOW_ALL = pol(allow("*"))


def add(file, name, doc, why, expected, principal=ALICE, identity=None, action="s3:GetObject",
        resource=OBJ, context=None, notes=None, **extra):
    case = {"name": name, "doc": doc, "why": why}
    if notes:
        case["notes"] = notes
    case["principal"] = principal if isinstance(principal, dict) else {"arn": principal}
    case["identity_policies"] = identity if identity is not None else []
    case.update(extra)
    case["request"] = {"action": action, "resource": resource, "context": context or {}}
    case["expected"] = expected
    names = [c["name"] for c in files.setdefault(file, [])]
    assert name not in names, name
    files[file].append(case)


# ---------------------------------------------------------------- basics
B = "basics"
add(B, "no policies at all is an implicit deny", EVAL, "Every request starts denied; nothing allows it.", "ImplicitDeny")
add(B, "an allow for another action does not help", EVAL, "The only Allow is for s3:PutObject.", "ImplicitDeny",
    identity=[pol(allow("s3:PutObject"))])
add(B, "single statement object instead of array", ELEM, "Statement may be one object.", "Allow",
    identity=[{"Version": "2012-10-17", "Statement": allow("s3:GetObject")}])
add(B, "allow in the second of two policies", EVAL, "Allows from all identity policies are pooled.", "Allow",
    identity=[pol(allow("s3:ListBucket")), pol(allow("s3:GetObject"))])
add(B, "deny in one policy beats allow in another", EVAL, "An explicit Deny anywhere overrides any Allow.", "ExplicitDeny",
    identity=[pol(allow("s3:*")), pol(deny("s3:GetObject"))])
add(B, "deny that does not match leaves the allow", EVAL, "The Deny covers DeleteObject only.", "Allow",
    identity=[pol(allow("s3:*"), deny("s3:DeleteObject"))])
add(B, "deny alone is still a deny", EVAL, "A matching Deny gives ExplicitDeny even without any Allow.", "ExplicitDeny",
    identity=[pol(deny("s3:GetObject"))])
add(B, "deny order within a policy does not matter", EVAL, "Deny first, Allow second: the Deny still wins.", "ExplicitDeny",
    identity=[pol(deny("s3:GetObject"), allow("s3:GetObject"))])
add(B, "version 2008 policy still allows", ELEM, "The 2008-10-17 language evaluates plain statements the same way.", "Allow",
    identity=[pol(allow("s3:GetObject"), version="2008-10-17")])
add(B, "policy without version still allows", ELEM, "Without Version the policy is read as 2008-10-17; plain statements still work.", "Allow",
    identity=[pol(allow("s3:GetObject"), version=None)])
add(B, "statement with sid allows", ELEM, "Sid is only a label.", "Allow",
    identity=[pol(allow("s3:GetObject", Sid="ReadReports"))])
add(B, "policy id is only a label", ELEM, "Id does not change evaluation.", "Allow",
    identity=[{"Version": "2012-10-17", "Id": "reports-read", "Statement": [allow("s3:GetObject")]}])
add(B, "empty statement list grants nothing", ELEM, "A policy with no statements allows nothing.", "ImplicitDeny",
    identity=[pol()])
add(B, "allow all actions and resources", EVAL, "Action * and Resource * cover everything.", "Allow",
    identity=[ALLOW_ALL], action="dynamodb:PutItem", resource=f"arn:aws:dynamodb:us-east-1:{ACCT}:table/t")
add(B, "many allows and one deny", EVAL, "Every Allow loses to the one matching Deny.", "ExplicitDeny",
    identity=[pol(allow("s3:GetObject")), pol(allow("s3:*")), ALLOW_ALL, pol(deny("*"))])
add(B, "deny on another resource does not apply", EVAL, "The Deny is for a different bucket.", "Allow",
    identity=[pol(allow("s3:*"), deny("s3:*", "arn:aws:s3:::secret/*"))])
add(B, "identity policy with a condition that fails grants nothing", EVAL, "Its only Allow needs MFA, absent here.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))])
add(B, "a deny whose condition fails does not deny", EVAL, "The Deny's condition is false, so only the Allow applies.", "Allow",
    identity=[pol(allow("s3:*"), deny("s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}}))],
    context={"aws:SecureTransport": "true"})

# ---------------------------------------------------------------- actions
A = "actions"
for i, (pattern, action, exp, why) in enumerate([
    ("s3:GetObject", "s3:GetObject", "Allow", "Exact action."),
    ("s3:getobject", "s3:GetObject", "Allow", "Action names ignore case."),
    ("S3:GETOBJECT", "s3:GetObject", "Allow", "Service prefix and name ignore case."),
    ("s3:Get*", "s3:GetObjectAcl", "Allow", "* matches any run of characters."),
    ("s3:Get*", "s3:PutObject", "ImplicitDeny", "PutObject does not start with Get."),
    ("s3:*Object", "s3:DeleteObject", "Allow", "A leading * in the name."),
    ("s3:*Object", "s3:DeleteObjects", "ImplicitDeny", "The pattern must match to the end."),
    ("s3:Get?bject", "s3:GetObject", "Allow", "? matches exactly one character."),
    ("s3:Get?bject", "s3:GetOObject", "ImplicitDeny", "? does not match two characters."),
    ("s3:*", "s3:ListAllMyBuckets", "Allow", "service:* covers every action of the service."),
    ("s3:*", "s3express:CreateSession", "ImplicitDeny", "s3:* does not cover the s3express service."),
    ("ec2:*", "s3:GetObject", "ImplicitDeny", "Another service's wildcard."),
    ("*", "iam:CreateUser", "Allow", "* covers every action."),
    ("s3:*Get*", "s3:GetObject", "Allow", "* may match nothing."),
    ("s3:G*t*b*t", "s3:GetObject", "Allow", "Several stars in one pattern."),
    ("s3:List", "s3:ListBucket", "ImplicitDeny", "Without a wildcard the action must match exactly."),
    ("iam:*User*", "iam:ListUserTags", "Allow", "Stars on both sides."),
    ("sts:AssumeRole*", "sts:AssumeRoleWithSAML", "Allow", "Prefix wildcard over sts actions."),
]):
    add(A, f"action pattern {pattern} vs {action}", ELEM + " (Action)", why, exp,
        identity=[pol(allow(pattern))], action=action,
        resource="*" if not action.startswith("s3:G") else OBJ)
add(A, "action list with one match", ELEM + " (Action)", "Values of Action are ORed.", "Allow",
    identity=[pol(allow(["s3:PutObject", "s3:GetObject"]))])
add(A, "action list without a match", ELEM + " (Action)", "Neither listed action is the request's.", "ImplicitDeny",
    identity=[pol(allow(["s3:PutObject", "s3:DeleteObject"]))])
add(A, "NotAction allow covers unlisted actions", ELEM + " (NotAction)", "Allow with NotAction matches every action not listed.", "Allow",
    identity=[pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})])
add(A, "NotAction allow excludes listed actions", ELEM + " (NotAction)", "iam:PassRole is listed, so this Allow does not cover it.", "ImplicitDeny",
    identity=[pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})], action="iam:PassRole", resource=ROLE)
add(A, "NotAction deny denies everything else", ELEM + " (NotAction)", "Deny with NotAction denies every action outside the list.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol({"Effect": "Deny", "NotAction": ["iam:ChangePassword", "iam:GetUser"], "Resource": "*"})])
add(A, "NotAction deny spares the listed actions", ELEM + " (NotAction)", "iam:ChangePassword is listed, so the Deny skips it.", "Allow",
    identity=[ALLOW_ALL, pol({"Effect": "Deny", "NotAction": ["iam:ChangePassword", "iam:GetUser"], "Resource": "*"})],
    action="iam:ChangePassword", resource=ALICE)
add(A, "NotAction matching ignores case too", ELEM + " (NotAction)", "NotAction IAM:* excludes iam:CreateUser.", "ImplicitDeny",
    identity=[pol({"Effect": "Allow", "NotAction": "IAM:*", "Resource": "*"})], action="iam:CreateUser", resource=ALICE)
add(A, "NotAction with wildcard list", ELEM + " (NotAction)", "s3:Get* in NotAction excludes GetObject; nothing else allows it.", "ImplicitDeny",
    identity=[pol({"Effect": "Allow", "NotAction": ["s3:Get*", "s3:List*"], "Resource": "*"})])
add(A, "long adversarial action pattern does not match", ELEM + " (Action)", "Many stars and a final character that is absent.", "ImplicitDeny",
    identity=[pol(allow("s3:" + "*a" * 40 + "z"))], action="s3:" + "a" * 60, resource="*")

# ---------------------------------------------------------------- resources
R = "resources"
for pattern, res, exp, why in [
    (OBJ, OBJ, "Allow", "Exact ARN."),
    ("arn:aws:s3:::reports/*", OBJ, "Allow", "* covers the object key."),
    ("arn:aws:s3:::reports/*", "arn:aws:s3:::reports", "ImplicitDeny", "The bucket ARN has no /, so reports/* does not cover it."),
    ("arn:aws:s3:::Reports/*", OBJ, "ImplicitDeny", "Resource ARNs are case-sensitive."),
    ("arn:aws:s3:::report?/*", OBJ, "Allow", "? stands for the s."),
    ("arn:aws:s3:::*", OBJ, "Allow", "* at the end of the resource part covers everything after it."),
    ("arn:aws:s3:::reports/q?.csv", OBJ, "Allow", "? stands for one character of the key."),
    ("arn:aws:s3:::reports/*.txt", OBJ, "ImplicitDeny", "The key ends in .csv."),
    ("arn:aws:s3:::rep*/q1.csv", OBJ, "Allow", "A star inside a segment."),
    ("arn:aws:s3:*", OBJ, "Allow", "A * that ends a segment may run across colons (IAM User Guide, Resource)."),
    ("arn:aws:*:*:*:*", OBJ, "Allow", "Every segment a wildcard."),
    ("arn:aws:ec2:*:*:instance/*", OBJ, "ImplicitDeny", "The service segment is ec2, not s3."),
    ("*", OBJ, "Allow", "Resource * covers all."),
]:
    add(R, f"resource {pattern} vs {res}", ELEM + " (Resource)", why, exp, identity=[pol(allow("s3:GetObject", pattern))], resource=res)
LOG = f"arn:aws:logs:us-east-1:{ACCT}:log-group:app:log-stream:web-1"
for pattern, exp, why in [
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:app:*", "Allow", "The final * runs across the colons of the stream part."),
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:*:log-stream:web-1", "Allow", "A segment-ending * matches the group name."),
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:a*:log-stream:*", "Allow", "a* ends its segment and matches app."),
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:*p:log-stream:*", "Allow", "*p matches app within its segment."),
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:a*stream:*", "ImplicitDeny", "A * followed by more of its segment cannot cross the colon between app and log-stream."),
    (f"arn:aws:logs:*:{ACCT}:log-group:app:log-stream:web-?", "Allow", "A wildcard region and ? for the stream digit."),
    (f"arn:aws:logs:us-west-2:{ACCT}:log-group:app:*", "ImplicitDeny", "Another region."),
    (f"arn:aws:logs:us-east-1:{OTHER}:log-group:app:*", "ImplicitDeny", "Another account."),
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:app?log-stream:web-1", "ImplicitDeny", "? stands for one character of a segment, never for the colon that separates segments."),
    (f"arn:aws:logs:us-east-1:{ACCT}:log-group:app:log-stream:???-1", "Allow", "Three ? for web, all inside one segment."),
]:
    add(R, f"log stream pattern {pattern.split(':', 3)[-1]}", ELEM + " (Resource, wildcards in ARN segments)", why, exp,
        identity=[pol(allow("logs:PutLogEvents", pattern))], action="logs:PutLogEvents", resource=LOG,
        notes=("The guide says a * that is the last character of a segment may expand across colons; the engine reads a * followed by more of its segment as staying within it." if "a*stream" in pattern
               else "The guide says wildcards are used within ARN segments; the engine reads ? as one character of a segment, so it never matches a colon." if "app?" in pattern else None))
add(R, "resource list ORs its values", ELEM + " (Resource)", "The second ARN matches.", "Allow",
    identity=[pol(allow("s3:GetObject", ["arn:aws:s3:::other/*", "arn:aws:s3:::reports/*"]))])
add(R, "NotResource allow covers other resources", ELEM + " (NotResource)", "Allow with NotResource matches everything outside the list.", "Allow",
    identity=[pol({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"})])
add(R, "NotResource allow excludes listed resources", ELEM + " (NotResource)", "The object is in the excluded bucket.", "ImplicitDeny",
    identity=[pol({"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::reports/*"})])
add(R, "NotResource deny fences everything else", ELEM + " (NotResource)", "Deny applies to every resource outside sandbox.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol({"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::sandbox", "arn:aws:s3:::sandbox/*"]})])
add(R, "NotResource deny spares the listed bucket", ELEM + " (NotResource)", "The object is inside sandbox, which the Deny skips.", "Allow",
    identity=[ALLOW_ALL, pol({"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::sandbox", "arn:aws:s3:::sandbox/*"]})],
    resource="arn:aws:s3:::sandbox/a.txt")
add(R, "request on resource star needs resource star", ELEM + " (Resource)", "Actions without resource types are requested on *, which an ARN pattern does not cover.", "ImplicitDeny",
    identity=[pol(allow("ec2:DescribeInstances", f"arn:aws:ec2:us-east-1:{ACCT}:instance/*"))], action="ec2:DescribeInstances", resource="*")
add(R, "request on resource star with resource star", ELEM + " (Resource)", "Resource * covers the * request.", "Allow",
    identity=[pol(allow("ec2:DescribeInstances", "*"))], action="ec2:DescribeInstances", resource="*")
add(R, "iam user resource with path", ELEM + " (Resource)", "user/* covers users with any path.", "Allow",
    identity=[pol(allow("iam:GetUser", f"arn:aws:iam::{ACCT}:user/*"))], action="iam:GetUser", resource=f"arn:aws:iam::{ACCT}:user/division/alice")
add(R, "iam user name in resource is case-sensitive", ELEM + " (Resource)", "user/Alice is not user/alice in the Resource element.", "ImplicitDeny",
    identity=[pol(allow("iam:GetUser", f"arn:aws:iam::{ACCT}:user/Alice"))], action="iam:GetUser", resource=ALICE)
add(R, "partition must match", ELEM + " (Resource)", "aws-cn is another partition.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", "arn:aws-cn:s3:::reports/*"))])
add(R, "region wildcard with ?", ELEM + " (Resource)", "us-east-? covers us-east-1.", "Allow",
    identity=[pol(allow("sqs:SendMessage", f"arn:aws:sqs:us-east-?:{ACCT}:jobs"))], action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-1:{ACCT}:jobs")

# ---------------------------------------------------------------- conditions, one operator at a time
C = "conditions"
def cond_case(op, key, pvals, rvals, exp, why, notes=None):
    ctx = {} if rvals is None else {key: rvals}
    shown = "absent" if rvals is None else json.dumps(rvals)
    add(C, f"{op} {key} {json.dumps(pvals)} with {shown}", COND + f" ({op})", why, "Allow" if exp else "ImplicitDeny",
        identity=[pol(allow("s3:GetObject", Condition={op: {key: pvals}}))], context=ctx, notes=notes)

STRINGS = [
    ("StringEquals", "aws:PrincipalTag/team", "blue", "blue", True, "Exact string."),
    ("StringEquals", "aws:PrincipalTag/team", "blue", "Blue", False, "StringEquals is case-sensitive."),
    ("StringEquals", "aws:PrincipalTag/team", ["red", "blue"], "blue", True, "Values of one key are ORed."),
    ("StringEquals", "aws:PrincipalTag/team", "blue", None, False, "A positive operator is false when the key is absent."),
    ("StringEquals", "aws:PrincipalTag/team", "b*", "blue", False, "StringEquals takes * literally."),
    ("StringEquals", "aws:PrincipalTag/team", "b*", "b*", True, "The literal text b* equals b*."),
    ("StringNotEquals", "aws:PrincipalTag/team", "red", "blue", True, "blue is not red."),
    ("StringNotEquals", "aws:PrincipalTag/team", "blue", "blue", False, "blue equals blue, so the negation is false."),
    ("StringNotEquals", "aws:PrincipalTag/team", ["red", "blue"], "blue", False, "blue equals one of the values."),
    ("StringNotEquals", "aws:PrincipalTag/team", "red", None, True, "A negated operator is true when the key is absent."),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", "BLUE", "blue", True, "Case is ignored."),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", "BLUE", "green", False, "Different text."),
    ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", "BLUE", "blue", False, "Equal when case is ignored."),
    ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", "BLUE", "red", True, "Not equal even ignoring case."),
    ("StringLike", "s3:prefix", "home/*", "home/alice/", True, "* matches any run."),
    ("StringLike", "s3:prefix", "home/?", "home/a", True, "? matches one character."),
    ("StringLike", "s3:prefix", "home/?", "home/ab", False, "? matches only one character."),
    ("StringLike", "s3:prefix", "home/*", "Home/alice", False, "StringLike is case-sensitive."),
    ("StringLike", "s3:prefix", ["", "home/*"], "", True, "An empty pattern matches an empty value."),
    ("StringNotLike", "s3:prefix", "tmp/*", "home/alice", True, "home/alice does not match tmp/*."),
    ("StringNotLike", "s3:prefix", "home/*", "home/alice", False, "It matches, so the negation is false."),
    ("StringNotLike", "s3:prefix", "home/*", None, True, "Negated operator with the key absent."),
    ("StringEqualsIfExists", "aws:PrincipalTag/team", "blue", None, True, "IfExists: an absent key counts as a match."),
    ("StringEqualsIfExists", "aws:PrincipalTag/team", "blue", "red", False, "IfExists with the key present compares normally."),
    ("StringNotEqualsIfExists", "aws:PrincipalTag/team", "blue", None, True, "Absent key with IfExists."),
    ("StringLikeIfExists", "s3:prefix", "home/*", "tmp/x", False, "Present and not matching."),
]
for row in STRINGS:
    cond_case(*row)
NUMS = [
    ("NumericEquals", "s3:max-keys", "10", "10", True, "10 = 10."),
    ("NumericEquals", "s3:max-keys", "10", "10.0", True, "Numbers compare by value."),
    ("NumericEquals", "s3:max-keys", "10", "11", False, "11 is not 10."),
    ("NumericNotEquals", "s3:max-keys", "10", "11", True, "11 is not 10."),
    ("NumericNotEquals", "s3:max-keys", "10", None, True, "Negated operator with the key absent."),
    ("NumericLessThan", "s3:max-keys", "10", "9", True, "9 < 10."),
    ("NumericLessThan", "s3:max-keys", "10", "10", False, "10 is not < 10."),
    ("NumericLessThanEquals", "s3:max-keys", "10", "10", True, "10 <= 10."),
    ("NumericGreaterThan", "s3:max-keys", "10", "100", True, "Numeric, not text, comparison: 100 > 10."),
    ("NumericGreaterThan", "s3:max-keys", "10", "9", False, "9 is not > 10."),
    ("NumericGreaterThanEquals", "s3:max-keys", "10", "10", True, "10 >= 10."),
    ("NumericLessThan", "s3:max-keys", "10", "ten", False, "A request value that is not a number does not match."),
    ("NumericLessThan", "s3:max-keys", "1.5", "-2", True, "Decimals and negatives."),
    ("NumericLessThan", "s3:max-keys", "10", None, False, "Absent key."),
    ("NumericLessThanIfExists", "s3:max-keys", "10", None, True, "Absent key with IfExists."),
]
for row in NUMS:
    cond_case(*row)
DATES = [
    ("DateLessThan", "aws:CurrentTime", "2027-01-01T00:00:00Z", "2026-11-28T10:00:00Z", True, "Before the limit."),
    ("DateLessThan", "aws:CurrentTime", "2026-01-01T00:00:00Z", "2026-11-28T10:00:00Z", False, "After the limit."),
    ("DateGreaterThan", "aws:CurrentTime", "2026-01-01", "2026-11-28T10:00:00Z", True, "A date without time is midnight UTC."),
    ("DateEquals", "aws:CurrentTime", "2026-11-28T12:00:00+02:00", "2026-11-28T10:00:00Z", True, "Time zones are applied before comparing."),
    ("DateNotEquals", "aws:CurrentTime", "2026-11-28T10:00:00Z", "2026-11-28T10:00:01Z", True, "One second apart."),
    ("DateLessThanEquals", "aws:CurrentTime", "2026-11-28T10:00:00Z", "2026-11-28T10:00:00Z", True, "Equal times satisfy <=."),
    ("DateGreaterThanEquals", "aws:CurrentTime", "2026-11-28T10:00:01Z", "2026-11-28T10:00:00Z", False, "One second too early."),
    ("DateGreaterThan", "aws:EpochTime", "1700000000", "1800000000", True, "Epoch seconds compare as dates."),
    ("DateLessThan", "aws:TokenIssueTime", "2026-11-28T10:00:00Z", "1764324000", True, "An epoch request value against an ISO policy value (1764324000 is 2025-11-28)."),
    ("DateLessThan", "aws:CurrentTime", "2027-01-01T00:00:00Z", "not a date", False, "An unreadable request value does not match."),
    ("DateLessThan", "aws:TokenIssueTime", "2027-01-01T00:00:00Z", None, False, "Absent key."),
    ("DateGreaterThanIfExists", "aws:TokenIssueTime", "2027-01-01T00:00:00Z", None, True, "Absent key with IfExists."),
    ("DateLessThan", "aws:CurrentTime", "2026-11-28T10:00:00.500Z", "2026-11-28T10:00:00.250Z", True, "Fractions of a second count."),
]
for row in DATES:
    cond_case(*row)
OTHERS = [
    ("Bool", "aws:SecureTransport", "true", "true", True, "true is true."),
    ("Bool", "aws:SecureTransport", "true", "false", False, "false is not true."),
    ("Bool", "aws:SecureTransport", "true", "TRUE", True, "Booleans ignore case."),
    ("Bool", "aws:SecureTransport", "false", None, False, "Bool is false when the key is absent."),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "true", None, True, "BoolIfExists treats an absent key as a match."),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "true", "false", False, "Present and false."),
    ("Bool", "aws:SecureTransport", "true", "yes", False, "yes is not a boolean."),
    ("Null", "aws:TokenIssueTime", "true", None, True, "Null true: the key is absent."),
    ("Null", "aws:TokenIssueTime", "true", "2026-11-28T10:00:00Z", False, "Null true but the key is present."),
    ("Null", "aws:TokenIssueTime", "false", "2026-11-28T10:00:00Z", True, "Null false: the key is present."),
    ("Null", "aws:TokenIssueTime", "false", None, False, "Null false but the key is absent."),
    ("BinaryEquals", "s3:x-amz-content-sha256", "aGVsbG8=", "aGVsbG8=", True, "Same base64 value."),
    ("BinaryEquals", "s3:x-amz-content-sha256", "aGVsbG8=", "d29ybGQ=", False, "Different bytes."),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", True, "Inside the /24."),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.7", False, "Outside the /24."),
    ("IpAddress", "aws:SourceIp", "203.0.113.9", "203.0.113.9", True, "A bare address is a /32."),
    ("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.4.4", True, "Ranges are ORed."),
    ("IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db8:1::5", True, "IPv6 range."),
    ("IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db9::5", False, "Outside the IPv6 range."),
    ("IpAddress", "aws:SourceIp", "10.0.0.0/8", "2001:db8::1", False, "An IPv6 address is not in an IPv4 range."),
    ("IpAddress", "aws:SourceIp", "0.0.0.0/0", "198.51.100.1", True, "/0 covers every IPv4 address."),
    ("NotIpAddress", "aws:SourceIp", "10.0.0.0/8", "198.51.100.1", True, "Not in 10/8."),
    ("NotIpAddress", "aws:SourceIp", "10.0.0.0/8", "10.9.9.9", False, "In 10/8."),
    ("NotIpAddress", "aws:SourceIp", "10.0.0.0/8", None, True, "Negated operator, key absent (a request through a VPC endpoint has no aws:SourceIp)."),
    ("IpAddressIfExists", "aws:SourceIp", "10.0.0.0/8", None, True, "Absent key with IfExists."),
    ("ArnEquals", "aws:SourceArn", f"arn:aws:sns:us-east-1:{ACCT}:topic", f"arn:aws:sns:us-east-1:{ACCT}:topic", True, "Equal ARNs."),
    ("ArnLike", "aws:SourceArn", f"arn:aws:sns:*:{ACCT}:*", f"arn:aws:sns:us-east-1:{ACCT}:topic", True, "Wildcards per segment."),
    ("ArnLike", "aws:SourceArn", f"arn:aws:sns:*:{ACCT}:*", f"arn:aws:sns:us-east-1:{OTHER}:topic", False, "Another account."),
    ("ArnLike", "aws:SourceArn", f"arn:aws:sns:*:{ACCT}:*", "not-an-arn", False, "A request value that is not an ARN does not match."),
    ("ArnNotEquals", "aws:SourceArn", f"arn:aws:sns:us-east-1:{ACCT}:topic", f"arn:aws:sns:us-east-1:{ACCT}:other", True, "Different ARN."),
    ("ArnNotLike", "aws:PrincipalArn", f"arn:aws:iam::{ACCT}:role/admin-*", f"arn:aws:iam::{ACCT}:role/dev", True, "dev is not admin-*."),
    ("ArnNotLike", "aws:PrincipalArn", f"arn:aws:iam::{ACCT}:role/admin-*", f"arn:aws:iam::{ACCT}:role/admin-1", False, "admin-1 is admin-*."),
    ("ArnEquals", "aws:SourceArn", f"arn:aws:sns:us-east-1:{ACCT}:Topic", f"arn:aws:sns:us-east-1:{ACCT}:topic", False, "ARN comparisons are case-sensitive."),
    ("ArnLikeIfExists", "aws:SourceArn", "arn:aws:sns:*:*:*", None, True, "Absent key with IfExists."),
]
for row in OTHERS:
    cond_case(*row)
add(C, "condition key names ignore case", COND, "AWS:SOURCEIP in the policy names the request's aws:SourceIp.", "Allow",
    identity=[pol(allow("s3:GetObject", Condition={"IpAddress": {"AWS:SOURCEIP": "203.0.113.0/24"}}))], context={"aws:sourceip": "203.0.113.1"})
add(C, "keys in one operator are ANDed", COND, "Both keys must match; the tag does not.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1"}}))],
    context={"aws:PrincipalTag/team": "red", "aws:RequestedRegion": "eu-west-1"})
add(C, "keys in one operator all match", COND, "Both keys match.", "Allow",
    identity=[pol(allow("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1"}}))],
    context={"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1"})
add(C, "operators are ANDed", COND, "The IP matches but MFA is absent.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}))],
    context={"aws:SourceIp": "10.1.1.1"})
add(C, "operators all match", COND, "IP and MFA both match.", "Allow",
    identity=[pol(allow("s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}))],
    context={"aws:SourceIp": "10.1.1.1", "aws:MultiFactorAuthPresent": "true"})
add(C, "deny unless MFA blocks callers without MFA", COND + " (BoolIfExists)", "BoolIfExists false matches an absent key, so the Deny applies.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol(deny("*", Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}))])
add(C, "deny unless MFA lets MFA callers through", COND + " (BoolIfExists)", "MFA is true, so the Deny's condition is false.", "Allow",
    identity=[ALLOW_ALL, pol(deny("*", Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}))],
    context={"aws:MultiFactorAuthPresent": "true"})
add(C, "deny outside regions with StringNotEquals", COND, "The requested region is not allowed, so the Deny applies.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol(deny("ec2:*", Condition={"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}))],
    action="ec2:RunInstances", resource="*", context={"aws:RequestedRegion": "us-east-1"})
add(C, "allowed region passes the region fence", COND, "eu-west-1 is listed, so StringNotEquals is false.", "Allow",
    identity=[ALLOW_ALL, pol(deny("ec2:*", Condition={"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}))],
    action="ec2:RunInstances", resource="*", context={"aws:RequestedRegion": "eu-west-1"})
add(C, "numeric condition values may be JSON numbers", COND, "AWS accepts 10 written as a number.", "Allow",
    identity=[pol(allow("s3:ListBucket", "arn:aws:s3:::reports", Condition={"NumericLessThanEquals": {"s3:max-keys": 10}}))],
    action="s3:ListBucket", resource="arn:aws:s3:::reports", context={"s3:max-keys": "5"})
add(C, "boolean condition values may be JSON booleans", COND, "AWS accepts true written as a boolean.", "Allow",
    identity=[pol(allow("s3:GetObject", Condition={"Bool": {"aws:SecureTransport": True}}))], context={"aws:SecureTransport": "true"})

# ---------------------------------------------------------------- set operators
M = "multivalued"
def set_case(op, pvals, rvals, exp, why, key="aws:TagKeys", notes=None):
    ctx = {} if rvals is None else {key: rvals}
    shown = "absent" if rvals is None else json.dumps(rvals)
    add(M, f"{op} {json.dumps(pvals)} with {shown}", MULTI, why, "Allow" if exp else "ImplicitDeny",
        identity=[pol(allow("ec2:CreateTags", Condition={op: {key: pvals}}))], action="ec2:CreateTags", resource="*", context=ctx, notes=notes)
for row in [
    ("ForAllValues:StringEquals", ["env", "team"], ["env"], True, "Every sent key is allowed."),
    ("ForAllValues:StringEquals", ["env", "team"], ["env", "team"], True, "Both sent keys are allowed."),
    ("ForAllValues:StringEquals", ["env", "team"], ["env", "owner"], False, "owner is not allowed."),
    ("ForAllValues:StringEquals", ["env", "team"], None, True, "No values: ForAllValues is vacuously true."),
    ("ForAllValues:StringEquals", ["env", "team"], [], True, "An empty set is vacuously true too."),
    ("ForAllValues:StringLike", ["team*"], ["team-a", "team-b"], True, "Every value matches the pattern."),
    ("ForAllValues:StringEqualsIgnoreCase", ["ENV"], ["env"], True, "Case ignored per value."),
    ("ForAnyValue:StringEquals", ["env", "team"], ["owner", "env"], True, "At least one value is listed."),
    ("ForAnyValue:StringEquals", ["env", "team"], ["owner"], False, "No value is listed."),
    ("ForAnyValue:StringEquals", ["env", "team"], None, False, "No values: ForAnyValue is false."),
    ("ForAnyValue:StringEquals", ["env", "team"], [], False, "An empty set has no value to match."),
    ("ForAnyValue:StringLike", ["*-prod"], ["web-prod", "db-dev"], True, "One value matches."),
    ("ForAnyValue:StringNotEquals", ["env"], ["env", "owner"], True, "owner is a value that is not env."),
    ("ForAnyValue:StringNotEquals", ["env"], ["env"], False, "Every value equals env."),
    ("ForAnyValue:StringNotEquals", ["env"], None, False, "Absent: no value at all."),
    ("ForAllValues:StringNotEquals", ["secret"], ["env", "team"], True, "No value is secret."),
    ("ForAllValues:StringNotEquals", ["secret"], ["env", "secret"], False, "One value is secret."),
    ("ForAllValues:StringNotEquals", ["secret"], None, True, "Vacuously true without values."),
    ("ForAllValues:StringEqualsIfExists", ["env"], None, True, "IfExists and vacuous truth agree."),
    ("ForAnyValue:StringEqualsIfExists", ["env"], None, True, "IfExists makes an absent key a match."),
    ("StringEquals", ["env"], ["env", "owner"], True, "Without a set operator a multivalued key matches when any value matches.",
     "aws:TagKeys", "The guide warns that single-valued operators on multivalued keys give results that are hard to predict; the engine matches when any value matches."),
    ("StringNotEquals", ["env"], ["env", "owner"], False, "Without a set operator: env matches, so the negation is false.",
     "aws:TagKeys", "The engine takes the negation of 'any value matches', as for single-valued keys; the guide does not spell this case out."),
]:
    set_case(*row)
add(M, "deny unless only approved tag keys", MULTI, "owner is not an approved key, so ForAnyValue:StringNotEquals is true and the Deny applies.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol(deny("ec2:CreateTags", Condition={"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}}))],
    action="ec2:CreateTags", resource="*", context={"aws:TagKeys": ["env", "owner"]})
add(M, "deny of unapproved tag keys spares approved ones", MULTI, "Every key is approved, so ForAnyValue:StringNotEquals is false.", "Allow",
    identity=[ALLOW_ALL, pol(deny("ec2:CreateTags", Condition={"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}}))],
    action="ec2:CreateTags", resource="*", context={"aws:TagKeys": ["env"]})
add(M, "ForAllValues allow with a Null guard", MULTI, "The Null false condition requires tags to be sent, closing the vacuous-truth gap.", "ImplicitDeny",
    identity=[pol(allow("ec2:CreateTags", Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}, "Null": {"aws:TagKeys": "false"}}))],
    action="ec2:CreateTags", resource="*")

# ---------------------------------------------------------------- policy variables
V = "variables"
HOME = "arn:aws:s3:::home/${aws:username}/*"
add(V, "username variable matches own folder", VARS, "${aws:username} is alice.", "Allow",
    identity=[pol(allow("s3:PutObject", HOME))], action="s3:PutObject", resource="arn:aws:s3:::home/alice/a.txt")
add(V, "username variable is derived from the principal", VARS, "The evaluator fills aws:username from the user ARN when the case does not give it.", "Allow",
    identity=[pol(allow("s3:PutObject", HOME))], action="s3:PutObject", resource="arn:aws:s3:::home/alice/a.txt")
add(V, "username variable does not reach other folders", VARS, "The folder is bob's.", "ImplicitDeny",
    identity=[pol(allow("s3:PutObject", HOME))], action="s3:PutObject", resource="arn:aws:s3:::home/bob/a.txt")
add(V, "a given username wins over the derived one", VARS, "The case's context says aws:username is bob.", "Allow",
    identity=[pol(allow("s3:PutObject", HOME))], action="s3:PutObject", resource="arn:aws:s3:::home/bob/a.txt", context={"aws:username": "bob"})
add(V, "variables are plain text under version 2008", VARS, "2008-10-17 does not read ${...}: the pattern is literal.", "ImplicitDeny",
    identity=[pol(allow("s3:PutObject", HOME), version="2008-10-17")], action="s3:PutObject", resource="arn:aws:s3:::home/alice/a.txt")
add(V, "variables are plain text without a version", VARS, "Without Version the policy is 2008-10-17.", "ImplicitDeny",
    identity=[pol(allow("s3:PutObject", HOME), version=None)], action="s3:PutObject", resource="arn:aws:s3:::home/alice/a.txt")
add(V, "literal variable text matches under 2008", VARS, "Under 2008-10-17 the resource is the literal text with ${aws:username}.", "Allow",
    identity=[pol(allow("s3:PutObject", HOME), version="2008-10-17")], action="s3:PutObject", resource="arn:aws:s3:::home/${aws:username}/a.txt")
add(V, "role session has no username", VARS, "aws:username exists only for IAM users; a variable without value makes the resource match nothing.", "ImplicitDeny",
    principal=SESSION, identity=[pol(allow("s3:PutObject", HOME))], action="s3:PutObject", resource="arn:aws:s3:::home/alice-session/a.txt")
add(V, "default value is used when the key is absent", VARS, "${aws:PrincipalTag/team, 'shared'} becomes shared.", "Allow",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'shared'}/*"))], resource="arn:aws:s3:::teams/shared/x")
add(V, "default value is not used when the key is present", VARS, "The tag is blue, so the path is teams/blue.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'shared'}/*"))], resource="arn:aws:s3:::teams/shared/x",
    context={"aws:PrincipalTag/team": "blue"})
add(V, "principal tag variable", VARS, "${aws:PrincipalTag/team} is blue.", "Allow",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::teams/${aws:PrincipalTag/team}/*"))], resource="arn:aws:s3:::teams/blue/x",
    context={"aws:PrincipalTag/team": "blue"})
add(V, "variable values are literal, not wildcards", VARS, "A tag value of * is the character *, not a wildcard.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::teams/${aws:PrincipalTag/team}/*"))], resource="arn:aws:s3:::teams/blue/x",
    context={"aws:PrincipalTag/team": "*"})
add(V, "escape ${*} is a literal star", VARS, "${*} stands for the character *, so only a key named * matches.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::reports/${*}"))])
add(V, "escape ${*} matches a literal star", VARS, "The object key is *.", "Allow",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::reports/${*}"))], resource="arn:aws:s3:::reports/*")
add(V, "escape ${?} and ${$}", VARS, "The escapes stand for ? and $.", "Allow",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::reports/${?}${$}"))], resource="arn:aws:s3:::reports/?$")
add(V, "variable in a condition value", VARS, "The condition compares s3:prefix with home/alice/.", "Allow",
    identity=[pol(allow("s3:ListBucket", "arn:aws:s3:::home", Condition={"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}))],
    action="s3:ListBucket", resource="arn:aws:s3:::home", context={"s3:prefix": "home/alice/docs"})
add(V, "variable in a condition value does not match another prefix", VARS, "home/bob is not alice's prefix.", "ImplicitDeny",
    identity=[pol(allow("s3:ListBucket", "arn:aws:s3:::home", Condition={"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}))],
    action="s3:ListBucket", resource="arn:aws:s3:::home", context={"s3:prefix": "home/bob/docs"})
add(V, "condition variable without value does not match", VARS, "aws:PrincipalTag/project is absent and has no default, so AWS cannot resolve it and the statement does not apply.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", Condition={"StringEquals": {"s3:ExistingObjectTag/project": "${aws:PrincipalTag/project}"}}))],
    context={"s3:ExistingObjectTag/project": "apollo"},
    notes="IAM User Guide, Variables and tags: 'If AWS cannot resolve a variable this might cause the entire statement to be invalid.' The engine reads it as: the statement does not apply.")
add(V, "matching tags through a variable", VARS, "The object's tag equals the principal's tag.", "Allow",
    identity=[pol(allow("s3:GetObject", Condition={"StringEquals": {"s3:ExistingObjectTag/project": "${aws:PrincipalTag/project}"}}))],
    context={"s3:ExistingObjectTag/project": "apollo", "aws:PrincipalTag/project": "apollo"})
add(V, "PrincipalAccount variable in resource", VARS, "aws:PrincipalAccount is derived as the caller's account.", "Allow",
    identity=[pol(allow("sqs:SendMessage", "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:jobs"))], action="sqs:SendMessage",
    resource=f"arn:aws:sqs:us-east-1:{ACCT}:jobs")
add(V, "multivalued key cannot fill a variable", VARS, "aws:TagKeys has several values, so it has no single value to put in.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::reports/${aws:TagKeys}"))], context={"aws:TagKeys": ["q1.csv"]},
    notes="The guide says multivalued keys cannot be used as variables; the engine treats the variable as having no value.")

# ---------------------------------------------------------------- boundaries
PB = "boundaries"
READ_BOUND = pol(allow(["s3:Get*", "s3:List*"]))
add(PB, "boundary and identity both allow", BOUND, "The action is in both.", "Allow", identity=[ALLOW_ALL], permissions_boundary=READ_BOUND)
add(PB, "boundary does not allow the action", BOUND, "PutObject is outside the boundary.", "ImplicitDeny", identity=[ALLOW_ALL],
    permissions_boundary=READ_BOUND, action="s3:PutObject")
add(PB, "boundary alone grants nothing", BOUND, "A boundary only limits.", "ImplicitDeny", permissions_boundary=pol(allow("*")))
add(PB, "deny in the boundary is an explicit deny", BOUND, "A Deny in a boundary denies.", "ExplicitDeny", identity=[ALLOW_ALL],
    permissions_boundary=pol(allow("*"), deny("s3:GetObject")))
add(PB, "boundary with condition not met", BOUND, "The boundary allows only from 10/8.", "ImplicitDeny", identity=[ALLOW_ALL],
    permissions_boundary=pol(allow("*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), context={"aws:SourceIp": "192.0.2.1"})
add(PB, "boundary limits a role session", BOUND, "The role's boundary caps the session.", "ImplicitDeny", principal=SESSION, identity=[ALLOW_ALL],
    permissions_boundary=READ_BOUND, action="s3:PutObject")
add(PB, "same-account resource policy naming the user is not limited by the boundary", BOUND + " / " + EVAL,
    "A resource-based policy that names the IAM user ARN grants directly; an implicit deny in the boundary does not limit it.", "Allow",
    permissions_boundary=READ_BOUND, action="s3:PutObject", resource_policy=pol(allow("s3:PutObject", "arn:aws:s3:::reports/*", Principal={"AWS": ALICE})))
add(PB, "same-account resource policy naming the role is limited by the boundary", BOUND + " / " + EVAL,
    "A grant to the role ARN is added to the role's permissions, which the boundary caps.", "ImplicitDeny", principal=SESSION,
    permissions_boundary=READ_BOUND, action="s3:PutObject", resource_policy=pol(allow("s3:PutObject", "arn:aws:s3:::reports/*", Principal={"AWS": ROLE})))
add(PB, "same-account resource policy naming the session is not limited by the boundary", BOUND + " / " + EVAL,
    "A grant to the role session ARN applies directly to the session.", "Allow", principal=SESSION,
    permissions_boundary=READ_BOUND, action="s3:PutObject", resource_policy=pol(allow("s3:PutObject", "arn:aws:s3:::reports/*", Principal={"AWS": SESSION})))
add(PB, "same-account resource policy naming the role within the boundary", BOUND, "The boundary allows GetObject, so the grant to the role stands.", "Allow",
    principal=SESSION, permissions_boundary=READ_BOUND, resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ROLE})))
add(PB, "resource policy trusting the account still needs identity and boundary", BOUND,
    "Trusting the account delegates to the identity side, which the boundary caps.", "ImplicitDeny", identity=[ALLOW_ALL],
    permissions_boundary=READ_BOUND, action="s3:PutObject", resource_policy=pol(allow("s3:PutObject", "arn:aws:s3:::reports/*", Principal={"AWS": ACCT})))
add(PB, "NotPrincipal deny always denies a principal with a boundary", BOUND,
    "The guide: NotPrincipal with Deny always denies IAM principals that have a permissions boundary, whatever NotPrincipal lists.", "ExplicitDeny",
    identity=[ALLOW_ALL], permissions_boundary=pol(allow("*")),
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ALICE}),
                        {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*", "NotPrincipal": {"AWS": [ALICE, ROOT]}}))
add(PB, "NotPrincipal deny spares the same user without a boundary", NOTP,
    "Without a boundary, NotPrincipal lists both alice and her account, so the Deny leaves her out.", "Allow", identity=[ALLOW_ALL],
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ALICE}),
                        {"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*", "NotPrincipal": {"AWS": [ALICE, ROOT]}}))
add(PB, "boundary does not apply to the root user", ROOTDOC, "Boundaries are for users and roles; the root user keeps full access.", "Allow",
    principal=ROOT, permissions_boundary=READ_BOUND, action="s3:PutObject",
    notes="AWS cannot attach a boundary to the root user; a case that gives one is shown as not applicable.")
add(PB, "boundary with NotAction", BOUND, "The boundary allows everything but IAM.", "ImplicitDeny", identity=[ALLOW_ALL],
    permissions_boundary=pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), action="iam:CreateUser", resource=ALICE)
add(PB, "boundary delegating DynamoDB administration", BOUND, "The admin's boundary allows dynamodb:*, so the table write is allowed.", "Allow",
    identity=[pol(allow(["dynamodb:*", "iam:*"]))], permissions_boundary=pol(allow("dynamodb:*")),
    action="dynamodb:PutItem", resource=f"arn:aws:dynamodb:us-east-1:{ACCT}:table/orders")
add(PB, "boundary stops the delegated admin from IAM", BOUND, "iam:CreateUser is outside the dynamodb-only boundary.", "ImplicitDeny",
    identity=[pol(allow(["dynamodb:*", "iam:*"]))], permissions_boundary=pol(allow("dynamodb:*")),
    action="iam:CreateUser", resource=f"arn:aws:iam::{ACCT}:user/eve")

# ---------------------------------------------------------------- sessions
S = "sessions"
SESS_P = {"arn": SESSION, "role_arn": ROLE}
add(S, "session without session policy keeps role permissions", SESS, "No session policy: the role's identity policies decide.", "Allow",
    principal=SESS_P, identity=[ALLOW_ALL])
add(S, "session policy allowing the action", SESS, "Both the role and the session policy allow.", "Allow",
    principal=SESS_P, identity=[ALLOW_ALL], session_policies=[pol(allow("s3:GetObject"))])
add(S, "session policy caps the role", SESS, "The session policy allows reads only.", "ImplicitDeny",
    principal=SESS_P, identity=[ALLOW_ALL], session_policies=[pol(allow("s3:GetObject"))], action="s3:PutObject")
add(S, "session policy alone grants nothing", SESS, "Session policies limit; the role grants nothing.", "ImplicitDeny",
    principal=SESS_P, session_policies=[pol(allow("*"))])
add(S, "deny in a session policy", SESS, "An explicit Deny in a session policy denies.", "ExplicitDeny",
    principal=SESS_P, identity=[ALLOW_ALL], session_policies=[pol(allow("*"), deny("s3:GetObject"))])
add(S, "several session policies are pooled", SESS, "The second session policy allows.", "Allow",
    principal=SESS_P, identity=[ALLOW_ALL], session_policies=[pol(allow("s3:List*")), pol(allow("s3:GetObject"))])
add(S, "resource policy naming the session is not limited by the session policy", SESS,
    "A grant to the session ARN applies after the session policy.", "Allow", principal=SESS_P,
    session_policies=[pol(allow("s3:List*"))], resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": SESSION})))
add(S, "resource policy naming the role is limited by the session policy", SESS,
    "A grant to the role ARN joins the role's permissions, which the session policy caps.", "ImplicitDeny", principal=SESS_P,
    session_policies=[pol(allow("s3:List*"))], resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ROLE})))
add(S, "role with a path needs role_arn to match", PRIN, "The session ARN has no path; role_arn gives it, and the bucket names the role with its path.", "Allow",
    principal={"arn": f"arn:aws:sts::{ACCT}:assumed-role/Deploy/ci", "role_arn": f"arn:aws:iam::{ACCT}:role/teams/Deploy"},
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": f"arn:aws:iam::{ACCT}:role/teams/Deploy"})))
add(S, "federated user without a session policy has no permissions", SESS,
    "GetFederationToken without a policy gives a session with no permissions from identity-based policies.", "ImplicitDeny",
    principal={"arn": FED, "user_arn": ALICE}, identity=[ALLOW_ALL])
add(S, "federated user with a session policy", SESS, "The user's policies and the session policy both allow.", "Allow",
    principal={"arn": FED, "user_arn": ALICE}, identity=[ALLOW_ALL], session_policies=[pol(allow("s3:GetObject"))])
add(S, "federated user session policy caps the user", SESS, "The session policy allows reads only.", "ImplicitDeny",
    principal={"arn": FED, "user_arn": ALICE}, identity=[ALLOW_ALL], session_policies=[pol(allow("s3:GetObject"))], action="s3:PutObject")
add(S, "resource policy naming the federated user grants without a session policy", SESS,
    "A grant to the federated user ARN applies directly.", "Allow", principal={"arn": FED, "user_arn": ALICE},
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": FED})))
add(S, "resource policy naming the IAM user behind a federated user is limited by the session policy", SESS,
    "A grant to the IAM user ARN joins the user's permissions, which the session policy caps.", "ImplicitDeny",
    principal={"arn": FED, "user_arn": ALICE}, session_policies=[pol(allow("s3:List*"))],
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ALICE})))
add(S, "session policies do not apply to users", SESS, "Session policies belong to sessions; an IAM user has none.", "Allow",
    identity=[ALLOW_ALL], session_policies=[pol(allow("s3:List*"))],
    notes="AWS cannot give an IAM user session policies; a case that does is shown as not applicable.")

# ---------------------------------------------------------------- SCPs
O = "scps"
FULL = pol(allow("*"))
add(O, "FullAWSAccess at every level lets identity decide", SCP, "Every level allows, the identity policy allows.", "Allow",
    identity=[ALLOW_ALL], scps=[[FULL], [FULL], [FULL]])
add(O, "SCP allow does not grant", SCP, "SCPs only limit: no identity policy allows.", "ImplicitDeny", scps=[[FULL]])
add(O, "a level without an allow blocks", SCP, "The middle OU allows only EC2.", "ImplicitDeny", identity=[ALLOW_ALL], scps=[[FULL], [pol(allow("ec2:*"))], [FULL]])
add(O, "the account level without an allow blocks", SCP, "The account's own SCPs allow only EC2.", "ImplicitDeny", identity=[ALLOW_ALL], scps=[[FULL], [pol(allow("ec2:*"))]])
add(O, "root level without an allow blocks", SCP, "Removing FullAWSAccess from the root denies everything not allowed there.", "ImplicitDeny",
    identity=[ALLOW_ALL], scps=[[pol(allow("ec2:*"))], [FULL]])
add(O, "two policies at one level are pooled", SCP, "At one level, an allow in any attached SCP is enough.", "Allow",
    identity=[ALLOW_ALL], scps=[[FULL], [pol(allow("ec2:*")), pol(allow("s3:*"))]])
add(O, "deny at any level denies", SCP, "A Deny in an OU's SCP.", "ExplicitDeny", identity=[ALLOW_ALL], scps=[[FULL], [FULL, pol(deny("s3:*"))], [FULL]])
add(O, "SCP deny with condition on region", SCP, "The SCP denies requests outside eu-west-1.", "ExplicitDeny", identity=[ALLOW_ALL],
    scps=[[FULL, pol(deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}))]],
    action="ec2:RunInstances", resource="*", context={"aws:RequestedRegion": "us-east-1"})
add(O, "SCP deny exempting an admin role", SCP, "ArnNotLike exempts the admin role from the Deny.", "Allow",
    principal={"arn": f"arn:aws:sts::{ACCT}:assumed-role/OrgAdmin/x"}, identity=[ALLOW_ALL],
    scps=[[FULL, pol(deny("iam:*", Condition={"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/OrgAdmin"}}))]],
    action="iam:CreateUser", resource=f"arn:aws:iam::{ACCT}:user/eve")
add(O, "SCP deny catches a non-admin role", SCP, "The developer role is not OrgAdmin, so the Deny applies.", "ExplicitDeny",
    principal={"arn": f"arn:aws:sts::{ACCT}:assumed-role/Dev/x"}, identity=[ALLOW_ALL],
    scps=[[FULL, pol(deny("iam:*", Condition={"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/OrgAdmin"}}))]],
    action="iam:CreateUser", resource=f"arn:aws:iam::{ACCT}:user/eve")
add(O, "SCPs do not limit the management account", SCP, "Principals of the management account are not restricted by SCPs.", "Allow",
    identity=[ALLOW_ALL], scps=[[pol(deny("*"))]], management_account=ACCT)
add(O, "SCPs limit a member account's root user", SCP, "The root user of a member account is restricted by SCPs.", "ExplicitDeny",
    principal=ROOT, scps=[[FULL, pol(deny("s3:*"))]])
add(O, "SCPs do not limit the management account's root user", SCP, "The management account is exempt, root included.", "Allow",
    principal=ROOT, scps=[[pol(deny("s3:*"))]], management_account=ACCT)
add(O, "SCPs do not limit service-linked roles", SCP, "Service-linked roles are exempt from SCPs.", "Allow",
    principal={"arn": f"arn:aws:sts::{ACCT}:assumed-role/AWSServiceRoleForSupport/x", "service_linked": True}, identity=[ALLOW_ALL], scps=[[pol(deny("*"))]])
add(O, "SCPs limit role sessions", SCP, "An ordinary role session is limited.", "ImplicitDeny", principal=SESSION, identity=[ALLOW_ALL], scps=[[pol(allow("ec2:*"))]])
add(O, "SCPs do not apply to the resource's account", SCP + " / " + CROSS,
    "SCPs limit principals of the accounts they are attached to; the caller is outside the organization.", "Allow",
    principal=BOB_X, identity=[ALLOW_ALL], resource_account=ACCT,
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": BOB_X})),
    notes="The case's scps are those of the caller's account; here the caller's account is in no organization, so none are given.")
add(O, "SCP with NotAction allow list", SCP, "The SCP allows everything except IAM.", "ImplicitDeny", identity=[ALLOW_ALL],
    scps=[[pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})]], action="iam:CreateUser", resource=ALICE)
add(O, "SCP allow with a resource restriction", SCP, "The SCP allows S3 only on the reports bucket.", "Allow", identity=[ALLOW_ALL],
    scps=[[pol(allow("s3:*", "arn:aws:s3:::reports/*"))]])
add(O, "SCP allow with a resource restriction elsewhere", SCP, "The SCP allows S3 only on another bucket.", "ImplicitDeny", identity=[ALLOW_ALL],
    scps=[[pol(allow("s3:*", "arn:aws:s3:::other/*"))]])
add(O, "empty organization levels block", SCP, "A level with no SCP allows nothing.", "ImplicitDeny", identity=[ALLOW_ALL], scps=[[FULL], []],
    notes="AWS requires at least one SCP at each level; an empty level is read as allowing nothing.")
add(O, "SCP deny beats a resource policy grant", SCP, "An explicit Deny in an SCP applies to any request of the principal.", "ExplicitDeny",
    identity=[], scps=[[FULL, pol(deny("s3:GetObject"))]],
    resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ALICE})))
add(O, "SCP implicit deny beats a resource policy grant", SCP, "The resource policy names alice, but her account's SCPs do not allow S3.", "ImplicitDeny",
    scps=[[pol(allow("ec2:*"))]], resource_policy=pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": ALICE})))

# ---------------------------------------------------------------- RCPs
RC = "rcps"
RFULL = pol(st("Allow", "*", "*", Principal="*"))
PERIM = pol(st("Deny", "s3:*", "*", Principal="*", Condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}))
XBUCKET = pol(allow("s3:GetObject", "arn:aws:s3:::reports/*", Principal={"AWS": OTHER}))
add(RC, "RCPFullAWSAccess lets policies decide", RCP, "The RCP allows everything; the identity policy allows.", "Allow", identity=[ALLOW_ALL], rcps=[[RFULL]])
add(RC, "RCP allow does not grant", RCP, "RCPs only limit.", "ImplicitDeny", rcps=[[RFULL]])
add(RC, "RCP perimeter denies outsiders", RCP, "The caller's organization is not o-abc123.", "ExplicitDeny",
    principal=BOB_X, identity=[ALLOW_ALL], resource_account=ACCT, resource_policy=XBUCKET, rcps=[[RFULL, PERIM]], context={"aws:PrincipalOrgID": "o-zzz999"})
add(RC, "RCP perimeter lets the organization in", RCP, "The caller's organization is o-abc123.", "Allow",
    principal=BOB_X, identity=[ALLOW_ALL], resource_account=ACCT, resource_policy=XBUCKET, rcps=[[RFULL, PERIM]], context={"aws:PrincipalOrgID": "o-abc123"})
add(RC, "RCP perimeter exempts AWS services", RCP, "aws:PrincipalIsAWSService is true for a service principal.", "Allow",
    principal="cloudtrail.amazonaws.com", resource_account=ACCT, action="s3:PutObject",
    resource_policy=pol(allow("s3:PutObject", "arn:aws:s3:::reports/*", Principal={"Service": "cloudtrail.amazonaws.com"})), rcps=[[RFULL, PERIM]])
add(RC, "RCPs do not govern unsupported services", RCP, "EC2 is not among the services RCPs apply to.", "Allow",
    identity=[ALLOW_ALL], rcps=[[pol(st("Deny", "*", "*", Principal="*"))]], action="ec2:RunInstances", resource="*")
add(RC, "RCPs govern STS", RCP, "STS supports RCPs: the RCP's Deny of sts:* covers AssumeRole on the role.", "ExplicitDeny", identity=[ALLOW_ALL],
    rcps=[[RFULL, pol(st("Deny", "sts:*", "*", Principal="*"))]], action="sts:AssumeRole", resource=f"arn:aws:iam::{ACCT}:role/Deployer",
    resource_policy=pol({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"}),
    notes="Written with sts:GetCallerIdentity before; that call needs no permission at all (STS API Reference, GetCallerIdentity), so an RCP cannot deny it.")
add(RC, "RCPs do not restrict resources of the management account", RCP, "The resource's account is the management account.", "Allow",
    identity=[ALLOW_ALL], rcps=[[pol(st("Deny", "*", "*", Principal="*"))]], management_account=ACCT)
add(RC, "RCPs do not restrict service-linked roles", RCP, "Requests by service-linked roles are exempt.", "Allow",
    principal={"arn": f"arn:aws:sts::{ACCT}:assumed-role/AWSServiceRoleForConfig/x", "service_linked": True}, identity=[ALLOW_ALL],
    rcps=[[pol(st("Deny", "*", "*", Principal="*"))]])
add(RC, "RCP level without allow blocks", RCP, "The OU level RCP allows only SQS.", "ImplicitDeny", identity=[ALLOW_ALL],
    rcps=[[RFULL], [pol(st("Allow", "sqs:*", "*", Principal="*"))]])
add(RC, "RCPs apply to same-account callers too", RCP, "RCPs limit every request to the account's resources.", "ExplicitDeny",
    identity=[ALLOW_ALL], rcps=[[RFULL, pol(st("Deny", "s3:DeleteObject", "*", Principal="*"))]], action="s3:DeleteObject")
add(RC, "RCP enforcing secure transport", RCP, "aws:SecureTransport is false.", "ExplicitDeny", identity=[ALLOW_ALL],
    rcps=[[RFULL, pol(st("Deny", "s3:*", "*", Principal="*", Condition={"BoolIfExists": {"aws:SecureTransport": "false"}}))]],
    context={"aws:SecureTransport": "false"})
add(RC, "RCP enforcing secure transport passes TLS", RCP, "aws:SecureTransport is true.", "Allow", identity=[ALLOW_ALL],
    rcps=[[RFULL, pol(st("Deny", "s3:*", "*", Principal="*", Condition={"BoolIfExists": {"aws:SecureTransport": "false"}}))]],
    context={"aws:SecureTransport": "true"})
add(RC, "RCPs and SCPs both apply", RCP + " / " + SCP, "The SCP allows, but the RCP denies.", "ExplicitDeny", identity=[ALLOW_ALL],
    scps=[[FULL]], rcps=[[RFULL, pol(st("Deny", "s3:GetObject", "*", Principal="*"))]])
add(RC, "KMS is governed by RCPs", RCP, "KMS supports RCPs; the Deny applies.", "ExplicitDeny", identity=[ALLOW_ALL],
    action="kms:Decrypt", resource=f"arn:aws:kms:us-east-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    resource_policy=pol(st("Allow", "kms:*", "*", Principal={"AWS": ROOT})), rcps=[[RFULL, pol(st("Deny", "kms:Decrypt", "*", Principal="*"))]])

# ---------------------------------------------------------------- resource policies and cross-account
X = "resource_policies"
BUCKET_TO = lambda p, eff="Allow", act="s3:GetObject": pol(st(eff, act, "arn:aws:s3:::reports/*", Principal=p))
add(X, "same account: resource policy naming the user suffices", EVAL, "A same-account grant to the user ARN needs no identity policy.", "Allow",
    resource_policy=BUCKET_TO({"AWS": ALICE}))
add(X, "same account: resource policy trusting the account does not suffice", EVAL, "Naming the account delegates to identity policies, and none allows.", "ImplicitDeny",
    resource_policy=BUCKET_TO({"AWS": ROOT}))
add(X, "same account: account ID form behaves like the root ARN", PRIN, "111122223333 is the same principal as its :root ARN.", "ImplicitDeny",
    resource_policy=BUCKET_TO({"AWS": ACCT}))
add(X, "same account: account trust plus identity allow", EVAL, "The identity policy allows; the resource policy is not needed.", "Allow",
    identity=[pol(allow("s3:GetObject"))], resource_policy=BUCKET_TO({"AWS": ROOT}))
add(X, "same account: wildcard principal grants", PRIN, "Principal * covers every caller.", "Allow", resource_policy=BUCKET_TO("*"),
    notes="The guide does not say whether a * grant is limited by a boundary or session policy; the engine treats it as naming the caller.")
add(X, "same account: AWS star principal grants", PRIN, "{\"AWS\": \"*\"} is the same as *.", "Allow", resource_policy=BUCKET_TO({"AWS": "*"}))
add(X, "same account: resource policy naming someone else", EVAL, "The policy names bob, not alice.", "ImplicitDeny",
    resource_policy=BUCKET_TO({"AWS": f"arn:aws:iam::{ACCT}:user/bob"}))
add(X, "same account: resource policy deny beats identity allow", EVAL, "A Deny in the bucket policy.", "ExplicitDeny",
    identity=[ALLOW_ALL], resource_policy=BUCKET_TO({"AWS": ALICE}, "Deny"))
add(X, "same account: resource policy deny for everyone", EVAL, "Principal * in a Deny covers alice.", "ExplicitDeny",
    identity=[ALLOW_ALL], resource_policy=BUCKET_TO("*", "Deny"))
add(X, "same account: resource deny with a condition", EVAL, "The bucket denies requests without TLS.", "ExplicitDeny",
    identity=[ALLOW_ALL], resource_policy=pol(st("Deny", "s3:*", "arn:aws:s3:::reports/*", Principal="*", Condition={"Bool": {"aws:SecureTransport": "false"}})),
    context={"aws:SecureTransport": "false"})
add(X, "same account: resource policy for another action", EVAL, "The bucket grants PutObject only.", "ImplicitDeny",
    resource_policy=BUCKET_TO({"AWS": ALICE}, act="s3:PutObject"))
add(X, "cross account: identity alone is not enough", CROSS, "The resource account grants nothing.", "ImplicitDeny",
    identity=[ALLOW_ALL], resource_account=OTHER)
add(X, "cross account: resource alone is not enough", CROSS, "The caller's account grants nothing.", "ImplicitDeny",
    resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": ALICE}))
add(X, "cross account: both sides naming the user", CROSS, "Identity and resource both allow.", "Allow",
    identity=[pol(allow("s3:GetObject"))], resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": ALICE}))
add(X, "cross account: resource trusts the caller's account", CROSS, "Trusting the account is enough on the resource side.", "Allow",
    identity=[pol(allow("s3:GetObject"))], resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": ACCT}))
add(X, "cross account: resource trusts another account", CROSS, "The bucket trusts 999988887777, not alice's account.", "ImplicitDeny",
    identity=[ALLOW_ALL], resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": "999988887777"}))
add(X, "cross account: boundary still caps the caller", CROSS + " / " + BOUND, "The identity side includes the boundary.", "ImplicitDeny",
    identity=[ALLOW_ALL], permissions_boundary=pol(allow("ec2:*")), resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": ALICE}))
add(X, "cross account: session policy still caps the session", CROSS + " / " + SESS, "The identity side includes the session policy.", "ImplicitDeny",
    principal=SESS_P, identity=[ALLOW_ALL], session_policies=[pol(allow("ec2:*"))], resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": SESSION}))
add(X, "cross account: role session named by role", CROSS, "The bucket names the role; the session's identity policy allows.", "Allow",
    principal=SESS_P, identity=[pol(allow("s3:GetObject"))], resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": ROLE}))
add(X, "cross account: resource deny", CROSS, "A Deny in the other account's bucket policy.", "ExplicitDeny",
    identity=[ALLOW_ALL], resource_account=OTHER, resource_policy=pol(st("Allow", "s3:*", "*", Principal={"AWS": ACCT}), st("Deny", "s3:GetObject", "*", Principal="*")))
add(X, "cross account: account in resource ARN", CROSS, "The queue ARN names account 444455556666, so the request is cross-account.", "ImplicitDeny",
    identity=[ALLOW_ALL], action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-1:{OTHER}:jobs")
add(X, "cross account: queue policy trusts the caller's account", CROSS, "Both sides allow.", "Allow",
    identity=[ALLOW_ALL], action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-1:{OTHER}:jobs",
    resource_policy=pol(st("Allow", "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{OTHER}:jobs", Principal={"AWS": ACCT})))
add(X, "anonymous caller with public bucket policy", PRIN, "Principal * covers anonymous requests.", "Allow",
    principal={"type": "anonymous"}, resource_policy=BUCKET_TO("*"))
add(X, "anonymous caller without public policy", PRIN, "Nothing grants to an anonymous caller.", "ImplicitDeny",
    principal={"type": "anonymous"}, resource_policy=BUCKET_TO({"AWS": ACCT}))
add(X, "anonymous caller against AWS star", PRIN, "{\"AWS\": \"*\"} covers anonymous callers like *.", "Allow",
    principal={"type": "anonymous"}, resource_policy=BUCKET_TO({"AWS": "*"}))
add(X, "service principal granted by the bucket", PRIN, "The bucket names cloudtrail.amazonaws.com.", "Allow",
    principal="cloudtrail.amazonaws.com", action="s3:PutObject", resource_policy=BUCKET_TO({"Service": "cloudtrail.amazonaws.com"}, act="s3:PutObject"))
add(X, "service principal not named", PRIN, "The bucket names another service.", "ImplicitDeny",
    principal="cloudtrail.amazonaws.com", action="s3:PutObject", resource_policy=BUCKET_TO({"Service": "config.amazonaws.com"}, act="s3:PutObject"))
add(X, "service principal with source account condition", PRIN, "aws:SourceAccount matches, so the grant applies.", "Allow",
    principal="cloudtrail.amazonaws.com", action="s3:PutObject",
    resource_policy=pol(st("Allow", "s3:PutObject", "arn:aws:s3:::reports/*", Principal={"Service": "cloudtrail.amazonaws.com"},
                           Condition={"StringEquals": {"aws:SourceAccount": ACCT}})), context={"aws:SourceAccount": ACCT})
add(X, "service principal for a confused deputy", PRIN, "aws:SourceAccount is another account, so the grant does not apply.", "ImplicitDeny",
    principal="cloudtrail.amazonaws.com", action="s3:PutObject",
    resource_policy=pol(st("Allow", "s3:PutObject", "arn:aws:s3:::reports/*", Principal={"Service": "cloudtrail.amazonaws.com"},
                           Condition={"StringEquals": {"aws:SourceAccount": ACCT}})), context={"aws:SourceAccount": OTHER})
add(X, "principal list ORs its values", PRIN, "The second listed user is alice.", "Allow",
    resource_policy=BUCKET_TO({"AWS": [f"arn:aws:iam::{ACCT}:user/bob", ALICE]}))
add(X, "mixed principal kinds", PRIN, "AWS and Service entries are ORed.", "Allow",
    resource_policy=BUCKET_TO({"Service": "ec2.amazonaws.com", "AWS": ALICE}))
add(X, "assumed role session ARN principal", PRIN, "The bucket names this exact session.", "Allow",
    principal=SESS_P, resource_policy=BUCKET_TO({"AWS": SESSION}))
add(X, "another session of the same role", PRIN, "The bucket names a different session.", "ImplicitDeny",
    principal=SESS_P, resource_policy=BUCKET_TO({"AWS": f"arn:aws:sts::{ACCT}:assumed-role/Analyst/other"}))
add(X, "resource policy condition on PrincipalOrgID", PRIN, "The bucket grants * within the organization.", "Allow",
    principal=BOB_X, identity=[ALLOW_ALL], resource_account=ACCT,
    resource_policy=pol(st("Allow", "s3:GetObject", "arn:aws:s3:::reports/*", Principal="*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})),
    context={"aws:PrincipalOrgID": "o-abc123"})
add(X, "resource policy condition on PrincipalOrgID outsider", PRIN, "The caller's org differs.", "ImplicitDeny",
    principal=BOB_X, identity=[ALLOW_ALL], resource_account=ACCT,
    resource_policy=pol(st("Allow", "s3:GetObject", "arn:aws:s3:::reports/*", Principal="*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})),
    context={"aws:PrincipalOrgID": "o-x"})
add(X, "derived PrincipalArn condition in a bucket policy", PRIN, "aws:PrincipalArn is derived as alice's ARN.", "Allow",
    resource_policy=pol(st("Allow", "s3:GetObject", "arn:aws:s3:::reports/*", Principal="*", Condition={"ArnEquals": {"aws:PrincipalArn": ALICE}})))
add(X, "derived PrincipalArn of a session is the role", PRIN, "For a role session aws:PrincipalArn is the role's ARN.", "Allow",
    principal=SESS_P, resource_policy=pol(st("Allow", "s3:GetObject", "arn:aws:s3:::reports/*", Principal="*", Condition={"ArnEquals": {"aws:PrincipalArn": ROLE}})))
add(X, "NotPrincipal deny must list the account too", NOTP, "Listing only the user leaves her account unlisted, so the Deny still applies to her.", "ExplicitDeny",
    identity=[ALLOW_ALL], resource_policy=pol(st("Deny", "s3:*", "*", NotPrincipal={"AWS": ALICE})))
add(X, "NotPrincipal deny listing user and account", NOTP, "Every identity of alice is listed, so the Deny leaves her out.", "Allow",
    identity=[ALLOW_ALL], resource_policy=pol(st("Deny", "s3:*", "*", NotPrincipal={"AWS": [ALICE, ACCT]})))
add(X, "NotPrincipal deny applies to others", NOTP, "Bob is not listed, so the Deny applies to him.", "ExplicitDeny",
    principal=f"arn:aws:iam::{ACCT}:user/bob", identity=[ALLOW_ALL], resource_policy=pol(st("Deny", "s3:*", "*", NotPrincipal={"AWS": [ALICE, ACCT]})))
add(X, "NotPrincipal deny for a role session lists session, role and account", NOTP, "All three identities are listed.", "Allow",
    principal=SESS_P, identity=[ALLOW_ALL], resource_policy=pol(st("Deny", "s3:*", "*", NotPrincipal={"AWS": [SESSION, ROLE, ACCT]})))
add(X, "NotPrincipal deny listing only the role", NOTP, "The session and the account are not listed, so the Deny applies.", "ExplicitDeny",
    principal=SESS_P, identity=[ALLOW_ALL], resource_policy=pol(st("Deny", "s3:*", "*", NotPrincipal={"AWS": ROLE})))
add(X, "NotPrincipal deny applies to anonymous callers", NOTP, "An anonymous caller is never listed.", "ExplicitDeny",
    principal={"type": "anonymous"}, resource_policy=pol(st("Allow", "s3:GetObject", "*", Principal="*"), st("Deny", "s3:*", "*", NotPrincipal={"AWS": ACCT})))

# ---------------------------------------------------------------- trust and key policies
T = "trust_and_keys"
DEPLOY = f"arn:aws:iam::{ACCT}:role/Deployer"
XDEPLOY = f"arn:aws:iam::{OTHER}:role/Deployer"
def trust(p, **kw):
    return pol({"Effect": "Allow", "Principal": p, "Action": "sts:AssumeRole", **kw})
add(T, "trust naming the user allows same-account assume", "IAM User Guide: Roles terms and concepts (trust policy)", "A trust policy naming the user grants by itself.", "Allow",
    action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ALICE}))
add(T, "trust naming the account needs an identity allow", "IAM User Guide: Roles terms and concepts (trust policy)", "Trusting the account delegates to identity policies.", "ImplicitDeny",
    action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ROOT}))
add(T, "trust naming the account with identity allow", "IAM User Guide: Granting a user permissions to switch roles", "The identity policy allows sts:AssumeRole on the role.", "Allow",
    identity=[pol(allow("sts:AssumeRole", DEPLOY))], action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ROOT}))
add(T, "identity allow without trust is not enough", "IAM User Guide: Roles terms and concepts (trust policy)", "The trust policy must allow the caller; it names someone else.", "ImplicitDeny",
    identity=[ALLOW_ALL], action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": f"arn:aws:iam::{ACCT}:user/bob"}))
add(T, "role without a trust policy cannot be assumed", "IAM User Guide: Roles terms and concepts (trust policy)", "No trust policy allows the caller.", "ImplicitDeny",
    identity=[ALLOW_ALL], action="sts:AssumeRole", resource=DEPLOY,
    notes="Every real role has a trust policy; a case without one is read as a trust policy that allows no one.")
add(T, "cross-account assume needs both sides", CROSS, "The other account's trust policy trusts alice's account and her identity policy allows.", "Allow",
    identity=[pol(allow("sts:AssumeRole", XDEPLOY))], action="sts:AssumeRole", resource=XDEPLOY, resource_policy=trust({"AWS": ACCT}))
add(T, "cross-account assume without identity allow", CROSS, "The caller's side does not allow sts:AssumeRole.", "ImplicitDeny",
    action="sts:AssumeRole", resource=XDEPLOY, resource_policy=trust({"AWS": ALICE}))
add(T, "cross-account assume with identity on another role", "IAM User Guide: Granting a user permissions to switch roles",
    "The group policy names another role's ARN.", "ImplicitDeny",
    identity=[pol(allow("sts:AssumeRole", f"arn:aws:iam::{OTHER}:role/Auditor"))], action="sts:AssumeRole", resource=XDEPLOY, resource_policy=trust({"AWS": ACCT}))
add(T, "trust with ExternalId condition met", "IAM User Guide: Access to AWS accounts owned by third parties (external ID)", "sts:ExternalId matches.", "Allow",
    identity=[ALLOW_ALL], action="sts:AssumeRole", resource=XDEPLOY,
    resource_policy=trust({"AWS": ACCT}, Condition={"StringEquals": {"sts:ExternalId": "ext-42"}}), context={"sts:ExternalId": "ext-42"})
add(T, "trust with ExternalId condition missing", "IAM User Guide: Access to AWS accounts owned by third parties (external ID)", "No external ID was passed.", "ImplicitDeny",
    identity=[ALLOW_ALL], action="sts:AssumeRole", resource=XDEPLOY, resource_policy=trust({"AWS": ACCT}, Condition={"StringEquals": {"sts:ExternalId": "ext-42"}}))
add(T, "trust requiring MFA", "IAM User Guide: Configuring MFA-protected API access", "MFA is present.", "Allow",
    action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ALICE}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
    context={"aws:MultiFactorAuthPresent": "true"})
add(T, "trust requiring MFA without it", "IAM User Guide: Configuring MFA-protected API access", "MFA is absent.", "ImplicitDeny",
    action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ALICE}, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
add(T, "service principal assumes a role", "IAM User Guide: Roles terms and concepts (service role)", "The trust policy names ec2.amazonaws.com.", "Allow",
    principal="ec2.amazonaws.com", action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"Service": "ec2.amazonaws.com"}))
add(T, "service principal not trusted", "IAM User Guide: Roles terms and concepts (service role)", "The trust policy names lambda.amazonaws.com only.", "ImplicitDeny",
    principal="ec2.amazonaws.com", action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"Service": "lambda.amazonaws.com"}))
add(T, "role chaining: a session assumes another role", "IAM User Guide: Roles terms and concepts (role chaining)", "The trust names the first role; its session's identity allows.", "Allow",
    principal=SESS_P, identity=[pol(allow("sts:AssumeRole", DEPLOY))], action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ROLE}))
add(T, "trust deny beats trust allow", "IAM User Guide: Roles terms and concepts (trust policy)", "A Deny in the trust policy.", "ExplicitDeny",
    action="sts:AssumeRole", resource=DEPLOY, resource_policy=pol({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"},
                                                                  {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}))
add(T, "trust policy for TagSession separately", "IAM User Guide: Passing session tags in AWS STS", "The trust allows AssumeRole but not TagSession.", "ImplicitDeny",
    action="sts:TagSession", resource=DEPLOY, resource_policy=trust({"AWS": ALICE}),
    notes="sts:TagSession does not start with sts:AssumeRole, so the kind is given explicitly as role_trust.", resource_policy_kind="role_trust")
KEY = f"arn:aws:kms:us-east-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
add(T, "key policy enabling IAM policies plus identity allow", KMS, "The key policy trusts the account, so the IAM policy counts.", "Allow",
    identity=[pol(allow("kms:Decrypt", KEY))], action="kms:Decrypt", resource=KEY, resource_policy=pol(st("Allow", "kms:*", "*", Principal={"AWS": ROOT})))
add(T, "key policy enabling IAM policies without identity allow", KMS, "The account is trusted but no IAM policy allows.", "ImplicitDeny",
    action="kms:Decrypt", resource=KEY, resource_policy=pol(st("Allow", "kms:*", "*", Principal={"AWS": ROOT})))
add(T, "key policy naming the user suffices", KMS, "The key policy grants the user directly.", "Allow",
    action="kms:Decrypt", resource=KEY, resource_policy=pol(st("Allow", "kms:Decrypt", "*", Principal={"AWS": ALICE})))
add(T, "IAM policy alone cannot use a key", KMS, "The key policy does not trust the account, so IAM policies do not count.", "ImplicitDeny",
    identity=[ALLOW_ALL], action="kms:Decrypt", resource=KEY, resource_policy=pol(st("Allow", "kms:*", "*", Principal={"AWS": f"arn:aws:iam::{ACCT}:user/keyadmin"})))
add(T, "cross-account key use needs both", KMS + " / " + CROSS, "The key policy trusts the caller's account and the caller's policy allows.", "Allow",
    identity=[pol(allow("kms:Decrypt", f"arn:aws:kms:us-east-1:{OTHER}:key/k1"))], action="kms:Decrypt", resource=f"arn:aws:kms:us-east-1:{OTHER}:key/k1",
    resource_policy=pol(st("Allow", "kms:Decrypt", "*", Principal={"AWS": ACCT})))
add(T, "key policy deny", KMS, "The key policy denies Decrypt outright.", "ExplicitDeny",
    identity=[ALLOW_ALL], action="kms:Decrypt", resource=KEY, resource_policy=pol(st("Allow", "kms:*", "*", Principal={"AWS": ROOT}), st("Deny", "kms:Decrypt", "*", Principal="*")))
add(T, "key policy with via-service condition", KMS, "kms:ViaService matches s3.", "Allow",
    action="kms:Decrypt", resource=KEY, resource_policy=pol(st("Allow", "kms:Decrypt", "*", Principal={"AWS": ALICE},
                                                              Condition={"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}})),
    context={"kms:ViaService": "s3.us-east-1.amazonaws.com"})
add(T, "key policy kind given explicitly", KMS, "resource_policy_kind key_policy on an alias ARN.", "ImplicitDeny",
    identity=[ALLOW_ALL], action="kms:Decrypt", resource=f"arn:aws:kms:us-east-1:{ACCT}:alias/app", resource_policy_kind="key_policy",
    resource_policy=pol(st("Allow", "kms:*", "*", Principal={"AWS": f"arn:aws:iam::{ACCT}:user/keyadmin"})))

# ---------------------------------------------------------------- root, endpoints
RT = "root_and_endpoints"
add(RT, "root user has full access in its account", ROOTDOC, "No policy is needed.", "Allow", principal=ROOT, action="iam:DeleteUser", resource=f"arn:aws:iam::{ACCT}:user/bob")
add(RT, "root user is denied by a bucket policy", ROOTDOC, "A resource-based Deny applies to the root user too.", "ExplicitDeny",
    principal=ROOT, resource_policy=BUCKET_TO("*", "Deny"))
add(RT, "root user named by account in resource policy", ROOTDOC, "The account principal is the root user itself.", "Allow",
    principal=ROOT, resource_policy=BUCKET_TO({"AWS": ACCT}))
add(RT, "root user cross-account needs the other side", ROOTDOC + " / " + CROSS, "The other account's bucket does not trust this account.", "ImplicitDeny",
    principal=ROOT, resource_account=OTHER)
add(RT, "root user cross-account with trust", ROOTDOC + " / " + CROSS, "The other account's bucket trusts this account.", "Allow",
    principal=ROOT, resource_account=OTHER, resource_policy=BUCKET_TO({"AWS": ACCT}))
add(RT, "root user and a trust policy naming the account", "STS API Reference: AssumeRole", "The root user cannot assume a role, whatever the trust policy says: the service rule refuses the call.", "ImplicitDeny",
    principal=ROOT, action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ROOT}),
    notes="AssumeRole: 'You must use credentials for an IAM user or an IAM role to call AssumeRole' / root user credentials cannot call it. The engine reports ImplicitDeny blocked by service_rule.")
add(RT, "root user session policies do not apply", ROOTDOC, "Session policies belong to sessions.", "Allow", principal=ROOT, session_policies=[pol(allow("ec2:*"))])
EP = pol(st("Allow", "s3:GetObject", "arn:aws:s3:::reports/*", Principal="*"))
add(RT, "endpoint policy allowing the request", VPCE, "Identity and endpoint policy both allow.", "Allow", identity=[ALLOW_ALL], endpoint_policy=EP)
add(RT, "endpoint policy not allowing the action", VPCE, "The endpoint allows GetObject only.", "ImplicitDeny", identity=[ALLOW_ALL], endpoint_policy=EP, action="s3:PutObject")
add(RT, "endpoint policy not allowing the bucket", VPCE, "The endpoint allows the reports bucket only.", "ImplicitDeny", identity=[ALLOW_ALL], endpoint_policy=EP, resource="arn:aws:s3:::other/x")
add(RT, "endpoint policy alone grants nothing", VPCE, "An endpoint policy does not grant.", "ImplicitDeny", endpoint_policy=EP)
add(RT, "endpoint policy deny", VPCE, "The endpoint denies DeleteObject.", "ExplicitDeny", identity=[ALLOW_ALL], action="s3:DeleteObject",
    endpoint_policy=pol(st("Allow", "*", "*", Principal="*"), st("Deny", "s3:DeleteObject", "*", Principal="*")))
add(RT, "endpoint policy restricting principals", VPCE, "The endpoint admits only account 444455556666.", "ImplicitDeny", identity=[ALLOW_ALL],
    endpoint_policy=pol(st("Allow", "*", "*", Principal={"AWS": OTHER})))
add(RT, "endpoint policy limits the root user too", VPCE, "The endpoint policy applies to every request through it.", "ImplicitDeny", principal=ROOT,
    endpoint_policy=pol(st("Allow", "ec2:*", "*", Principal="*")))
add(RT, "endpoint policy with a resource policy grant", VPCE, "The bucket names alice and the endpoint allows.", "Allow",
    endpoint_policy=EP, resource_policy=BUCKET_TO({"AWS": ALICE}))

# ---------------------------------------------------------------- invalid policies (reported, not evaluated)
I = "invalid_policies"
INV = "IAM User Guide: IAM JSON policy grammar"
INVNOTE = "AWS refuses to store a policy with this error, so the request is never evaluated: the case is Invalid, with the located error and its fix."
def inv(name, bad, why, expected="Invalid", notes=None):
    add(I, name, INV, why, expected, identity=[bad], notes=notes or INVNOTE)
inv("lowercase effect makes the policy invalid", pol({"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}), "Effect is case-sensitive; the invalid policy grants nothing.")
inv("missing effect", pol({"Action": "s3:GetObject", "Resource": "*"}), "A statement needs Effect.")
inv("action and notaction together", pol({"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "iam:*", "Resource": "*"}), "Action and NotAction cannot be combined.")
inv("missing resource in identity policy", pol({"Effect": "Allow", "Action": "s3:GetObject"}), "An identity policy statement needs Resource or NotResource.")
inv("principal in identity policy", pol(allow("s3:GetObject", Principal="*")), "Identity policies have no Principal.")
inv("unknown operator", pol(allow("s3:GetObject", Condition={"StringEqual": {"aws:username": "alice"}})), "StringEqual is not an operator.")
inv("bad CIDR", pol(allow("s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}})), "A /33 prefix does not exist in IPv4.")
inv("bad date", pol(allow("s3:GetObject", Condition={"DateLessThan": {"aws:CurrentTime": "next week"}})), "next week is not a date.")
inv("bad number", pol(allow("s3:GetObject", Condition={"NumericLessThan": {"s3:max-keys": "ten"}})), "ten is not a number.")
inv("bad boolean", pol(allow("s3:GetObject", Condition={"Bool": {"aws:SecureTransport": "yes"}})), "yes is not a boolean.")
inv("malformed resource ARN", pol(allow("s3:GetObject", "reports/q1.csv")), "A resource must be an ARN or *.")
inv("unknown element", pol(allow("s3:GetObject", Condtion={})), "Condtion is not an element.")
inv("unknown version", {"Version": "2024-01-01", "Statement": [allow("s3:GetObject")]}, "Version must be 2012-10-17 or 2008-10-17.")
inv("statement that is not an object", {"Version": "2012-10-17", "Statement": ["s3:GetObject"]}, "Each statement must be an object.")
inv("action without service prefix", pol(allow("GetObject")), "Actions are written service:Action.")
inv("Null with IfExists", pol(allow("s3:GetObject", Condition={"NullIfExists": {"aws:username": "true"}})), "Null has no IfExists form.")
inv("unterminated policy variable", pol(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username/*")), "${ needs a closing }.")
inv("duplicate condition key", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
    "Condition": {"StringEquals": {"aws:username": "alice", "AWS:USERNAME": "bob"}}}]}, "Key names ignore case, so the key appears twice.")
inv("invalid deny is not applied", pol({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Principal": "*"}),
    "The Deny is in a policy AWS would not store: AWS never evaluates the request, so the learner is not shown a decision computed without it.")
add(I, "valid policy beside an invalid one", INV, "One of the two identity policies could not be stored, so the request is never evaluated.", "Invalid",
    identity=[pol({"Effect": "allow", "Action": "s3:*", "Resource": "*"}), pol(allow("s3:GetObject"))], notes=INVNOTE)
add(I, "group as principal is invalid", INV, "A group cannot be a principal.", "Invalid",
    resource_policy=BUCKET_TO({"AWS": f"arn:aws:iam::{ACCT}:group/devs"}), notes=INVNOTE)
add(I, "wildcard inside principal ARN is invalid", INV, "A principal cannot hold wildcards except * alone.", "Invalid",
    resource_policy=BUCKET_TO({"AWS": f"arn:aws:iam::{ACCT}:user/*"}), notes=INVNOTE)
add(I, "resource element in trust policy is invalid", INV, "A trust policy has no Resource element; the fix is to remove it.", "Invalid",
    action="sts:AssumeRole", resource=DEPLOY, resource_policy=pol({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole", "Resource": "*"}), notes=INVNOTE)
add(I, "RCP principal must be star", INV + " / " + RCP, "An RCP's Principal must be \"*\".", "Invalid",
    identity=[ALLOW_ALL], rcps=[[pol(st("Allow", "*", "*", Principal={"AWS": ACCT}))]], notes=INVNOTE)
add(I, "resource policy without principal is invalid", INV, "A bucket policy statement needs a Principal; the fix is to add \"Principal\": \"*\" or name one.", "Invalid",
    resource_policy=pol(allow("s3:GetObject")), notes=INVNOTE)
add(I, "principal in an SCP is invalid", INV + " / " + SCP, "An SCP has no Principal element; the fix is to remove it.", "Invalid",
    identity=[ALLOW_ALL], scps=[[FULL, pol(st("Deny", "s3:*", "*", Principal="*"))]], notes=INVNOTE)
add(I, "bare string principal is invalid", PRIN, "Only \"*\" may be written as a bare string; the fix is {\"AWS\": \"arn:...\"}.", "Invalid",
    resource_policy=BUCKET_TO(ALICE), notes=INVNOTE)
add(I, "VPC endpoint statement without principal is invalid", VPCE + " / " + INV, "An endpoint policy statement needs a Principal; the fix is \"Principal\": \"*\".", "Invalid",
    identity=[ALLOW_ALL], endpoint_policy=pol(allow("s3:GetObject")), notes=INVNOTE)
add(I, "an invalid SCP is invalid even where SCPs do not apply", INV + " / " + SCP, "The management account's principals are not limited by SCPs, but the SCP could never have been stored.", "Invalid",
    identity=[ALLOW_ALL], scps=[[pol(st("Allow", "*", "*", Principal="*"))]], management_account=ACCT, notes=INVNOTE)

# ---------------------------------------------------------------- stored, but warned about
W = "warned"
WARN = "docs/AWS-RULES.md: policies AWS stores with a warning"
add(W, "NotPrincipal with Allow grants every principal not listed", NOTP, "alice is not listed, so the statement grants her.", "Allow",
    resource_policy=pol(st("Allow", "s3:GetObject", "*", NotPrincipal={"AWS": f"arn:aws:iam::{ACCT}:user/bob"})),
    notes="IAM User Guide, NotPrincipal: AWS does not support NotPrincipal with Allow; a policy that has it is stored and evaluated as written, and the engine warns (notprincipal-with-allow).")
add(W, "NotPrincipal with Allow grants anonymous callers too", NOTP, "An anonymous caller is never listed, so the statement grants it.", "Allow",
    principal={"type": "anonymous"}, resource_policy=pol(st("Allow", "s3:GetObject", "*", NotPrincipal={"AWS": f"arn:aws:iam::{ACCT}:user/bob"})),
    notes="This is why the guide calls the combination dangerous; the engine's warning says so.")
add(W, "NotPrincipal with Allow does not grant the listed principal", NOTP, "bob and his account are listed, so the statement does not apply to him.", "ImplicitDeny",
    principal=f"arn:aws:iam::{ACCT}:user/bob", resource_policy=pol(st("Allow", "s3:GetObject", "*", NotPrincipal={"AWS": [f"arn:aws:iam::{ACCT}:user/bob", ACCT]})),
    notes="As for Deny (the NotPrincipal page), a caller is excluded only when every identity it is evaluated as (the user and its account) is listed; listing bob alone would still grant him through his unlisted account.")
add(W, "empty action name matches nothing", ELEM, "The empty string is not an action; only s3:PutObject is allowed.", "ImplicitDeny",
    identity=[pol(allow(["", "s3:PutObject"]))], notes="Stored with a warning (empty-action); it matches no action.")
add(W, "empty name after the service prefix matches nothing", ELEM, "`s3:` names no action of s3, so only s3:PutObject is allowed.", "ImplicitDeny",
    identity=[pol(allow(["s3:", "s3:PutObject"]))], notes="Stored with a warning (empty-action). AWS does not document whether IAM accepts `s3:`; the engine reads the issue's 'empty action name' as covering it.")
add(W, "padded action name matches nothing", ELEM, "` s3:GetObject ` with spaces is not the action s3:GetObject.", "ImplicitDeny",
    identity=[pol(allow(" s3:GetObject "))], notes="Stored with a warning (empty-action); AWS does not trim action names.")
add(W, "padded name in NotAction excludes nothing", ELEM, "NotAction [` s3:GetObject`] excludes no action, so the Allow covers s3:GetObject.", "Allow",
    identity=[pol({"Effect": "Allow", "NotAction": [" s3:GetObject"], "Resource": "*"})])
add(W, "empty name in a Deny's NotAction denies everything", ELEM, "NotAction [\"\"] excludes nothing, so the Deny covers every action.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol({"Effect": "Deny", "NotAction": [""], "Resource": "*"})])
add(W, "resource-naming action on the resource star", WARN, "AWS never asks about s3:GetObject on `*`; as written, the pattern arn:aws:s3:::reports/* does not match `*`.", "ImplicitDeny",
    identity=[pol(allow("s3:GetObject", "arn:aws:s3:::reports/*"))], resource="*",
    notes="The trace warns that AWS never makes such a request (a request names the object's ARN). Evaluated as written.")
add(W, "resource-naming action on star with Resource star", WARN, "Resource * matches the text `*`.", "Allow",
    identity=[pol(allow("s3:GetObject"))], resource="*", notes="The trace warns that AWS never makes such a request.")

# ---------------------------------------------------------------- ARN condition operators: six components
ARNOPS = "IAM User Guide: IAM JSON policy elements: Condition operators (Amazon Resource Name (ARN) condition operators)"
ARNNOTE = "The guide: each of the six colon-delimited components of the ARN is checked separately, and each can include * or ?. A * never crosses into the next component; the trailing-* rule of the Resource element does not apply to conditions."
def arn_case(name, op, pvals, rvals, exp, why, effect="Allow", notes=ARNNOTE):
    ctx = {} if rvals is None else {"aws:SourceArn": rvals}
    if effect == "Allow":
        ids = [pol(allow("s3:GetObject", Condition={op: {"aws:SourceArn": pvals}}))]
    else:
        ids = [ALLOW_ALL, pol(deny("s3:GetObject", Condition={op: {"aws:SourceArn": pvals}}))]
    add(C, name, ARNOPS, why, exp, identity=ids, context=ctx, notes=notes)
TOPIC = f"arn:aws:sns:us-east-1:{ACCT}:topic"
arn_case("ArnLike star stays in its component", "ArnLike", f"arn:aws:sns:*:{ACCT}:topic", TOPIC, "Allow", "* covers the region component only.")
arn_case("ArnLike pattern of five components matches nothing", "ArnLike", "arn:aws:sns:*:topic", TOPIC, "ImplicitDeny",
         "The pattern has five components, so it matches no ARN; its * does not run on into the account.")
arn_case("ArnLike trailing star does not cross colons", "ArnLike", "arn:aws:sns:*", TOPIC, "ImplicitDeny",
         "arn:aws:sns:* has four components; unlike in Resource, a trailing * does not run across colons.")
arn_case("ArnLike sixth component holds the colons", "ArnLike", f"arn:aws:logs:us-east-1:{ACCT}:log-group:*", f"arn:aws:logs:us-east-1:{ACCT}:log-group:app:log-stream:s1", "Allow",
         "Everything after the fifth colon is the sixth component, colons included: `log-group:*` covers it.")
arn_case("ArnLike request value of five components matches nothing", "ArnLike", "arn:aws:sns:*:*:*", "arn:aws:sns:us-east-1:topic", "ImplicitDeny",
         "The request value has five components, so no ARN pattern matches it.")
arn_case("ArnEquals compares component by component with wildcards", "ArnEquals", "arn:aws:sns:us-east-1:*:topic", TOPIC, "Allow",
         "ArnEquals and ArnLike share the rule: each component may hold * or ?.")
arn_case("ArnNotLike with a five-component pattern is true", "ArnNotLike", "arn:aws:sns:*:topic", TOPIC, "ExplicitDeny",
         "The pattern matches nothing, so the negated operator is true and the Deny applies.", effect="Deny")
arn_case("ArnNotEquals of a five-component value is true", "ArnNotEquals", TOPIC, "arn:aws:sns:us-east-1:topic", "ExplicitDeny",
         "A value of five components equals no ARN, so ArnNotEquals is true and the Deny applies.", effect="Deny")
arn_case("ArnLikeIfExists still compares components", "ArnLikeIfExists", "arn:aws:sns:*", TOPIC, "ImplicitDeny",
         "The key is present, so IfExists compares, and a four-component pattern matches nothing.")
arn_case("ForAnyValue:ArnLike one value suffices", "ForAnyValue:ArnLike", f"arn:aws:sns:*:{ACCT}:*", ["not-an-arn", TOPIC], "Allow",
         "The second value matches component by component.")
arn_case("ForAllValues:ArnLike every value must match", "ForAllValues:ArnLike", f"arn:aws:sns:*:{ACCT}:*", ["not-an-arn", TOPIC], "ImplicitDeny",
         "`not-an-arn` has fewer than six components, so not every value matches.")
add(R, "Resource trailing star runs across colons", "IAM User Guide: IAM JSON policy elements: Resource",
    "In the Resource element a trailing * may span colons: arn:aws:sns:* covers the topic.", "Allow",
    identity=[pol(allow("sns:Publish", "arn:aws:sns:*"))], action="sns:Publish", resource=TOPIC,
    notes="The contrast with the ARN condition operators, where the same pattern matches nothing.")

# ---------------------------------------------------------------- unresolvable policy variables
UNRES = "IAM User Guide: IAM policy elements: Variables and tags ('If AWS cannot resolve a variable this might cause the entire statement to be invalid')"
UNOTE = "The guide says the statement 'might' be invalid; the engine reads it as: a variable with no value and no default makes its statement not apply (neither allow nor deny), whatever the operator. Defaults and ...IfExists are the documented ways around it."
SP = {"arn": SESSION, "role_arn": ROLE}
add(V, "NotResource with an unresolvable variable does not apply", UNRES, "A role session has no aws:username, so the Deny's NotResource cannot be resolved and the Deny does not apply.", "Allow",
    principal=SP, identity=[ALLOW_ALL, pol({"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::home/${aws:username}/*"})], notes=UNOTE)
add(V, "NotResource with a default applies", UNRES, "${aws:username, 'none'} becomes none, the object is outside home/none/, so the Deny applies.", "ExplicitDeny",
    principal=SP, identity=[ALLOW_ALL, pol({"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::home/${aws:username, 'none'}/*"})], notes=UNOTE)
add(V, "StringNotEquals with an unresolvable variable does not apply", UNRES, "The Deny compares the object's owner tag with ${aws:username}, which a role session lacks: the Deny does not apply.", "Allow",
    principal=SP, identity=[ALLOW_ALL, pol(deny("s3:GetObject", Condition={"StringNotEquals": {"s3:ExistingObjectTag/owner": "${aws:username}"}}))],
    context={"s3:ExistingObjectTag/owner": "alice"}, notes=UNOTE)
add(V, "ArnNotLike with an unresolvable variable does not apply", UNRES, "aws:PrincipalTag/home is not set, so the Deny's ArnNotLike cannot be resolved.", "Allow",
    identity=[ALLOW_ALL, pol(deny("s3:GetObject", Condition={"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:${aws:PrincipalTag/home}:*"}}))],
    context={"aws:SourceArn": f"arn:aws:sns:us-east-1:{OTHER}:topic"}, notes=UNOTE)
add(V, "unresolvable variable beside a matching pattern", UNRES, "The statement's Resource list holds a pattern with ${aws:username}, which a role session lacks: the whole statement does not apply.", "ImplicitDeny",
    principal=SP, identity=[pol(allow("s3:GetObject", ["arn:aws:s3:::reports/*", "arn:aws:s3:::home/${aws:username}/*"]))],
    notes=UNOTE + " AWS does not say whether another pattern of the same list still matches; the engine takes the guide's 'entire statement' literally.")
add(V, "IfExists with the key absent never reads the variable", UNRES, "aws:ResourceTag/owner is absent, so StringEqualsIfExists is true without comparing.", "Allow",
    principal=SP, identity=[pol(allow("s3:GetObject", Condition={"StringEqualsIfExists": {"aws:ResourceTag/owner": "${aws:username}"}}))],
    notes=UNOTE + " The guide names ...IfExists as the way around; with the key present the variable would be needed (next case).")
add(V, "IfExists with the key present needs the variable", UNRES, "aws:ResourceTag/owner is present, so the unresolvable ${aws:username} makes the statement not apply.", "ImplicitDeny",
    principal=SP, identity=[pol(allow("s3:GetObject", Condition={"StringEqualsIfExists": {"aws:ResourceTag/owner": "${aws:username}"}}))],
    context={"aws:ResourceTag/owner": "alice-session"}, notes=UNOTE)

# ---------------------------------------------------------------- rules of the owning service
SV = "service_rules"
GCI = "STS API Reference: GetCallerIdentity ('No permissions are required to perform this operation')"
GNOTE = "If an administrator attaches a policy that explicitly denies sts:GetCallerIdentity, the caller can still call it: the same information is returned when access is denied."
add(SV, "GetCallerIdentity with no policies", GCI, "No permission is required.", "Allow", action="sts:GetCallerIdentity", resource="*", notes=GNOTE)
add(SV, "GetCallerIdentity despite an explicit deny", GCI, "An explicit Deny of sts:GetCallerIdentity does not stop it.", "Allow",
    identity=[pol(deny("sts:GetCallerIdentity"))], action="sts:GetCallerIdentity", resource="*", notes=GNOTE)
add(SV, "GetCallerIdentity despite an SCP deny", GCI, "No permission is required, so no SCP can take it away.", "Allow",
    identity=[ALLOW_ALL], scps=[[FULL, pol(deny("*"))]], action="sts:GetCallerIdentity", resource="*",
    notes=GNOTE + " The reference speaks of identity policies; 'no permissions are required' is read as covering every policy type.")
add(SV, "GetCallerIdentity from a role session with a session policy", GCI, "The session policy does not allow it, and it needs no permission.", "Allow",
    principal=SP, identity=[ALLOW_ALL], session_policies=[pol(allow("s3:GetObject"))], action="sts:GetCallerIdentity", resource="*", notes=GNOTE)
add(SV, "GetCallerIdentity by an anonymous caller", GCI, "An unsigned request is not a caller AWS can name: nothing allows it.", "ImplicitDeny",
    principal={"type": "anonymous"}, action="sts:GetCallerIdentity", resource="*",
    notes="The rule is for signed callers; an unsigned request is refused before authorization in AWS. The engine evaluates it as usual.")
ROOTSTS = "STS API Reference: AssumeRole (call it with the credentials of an IAM user or role; not the root user)"
add(SV, "root user cannot assume a role in its account", ROOTSTS, "The trust policy names the root user's account, but STS refuses root credentials.", "ImplicitDeny",
    principal=ROOT, action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ROOT}))
add(SV, "root user cannot assume a role in another account", ROOTSTS, "The other account trusts this account, but the root user cannot call AssumeRole.", "ImplicitDeny",
    principal=ROOT, action="sts:AssumeRole", resource=XDEPLOY, resource_policy=trust({"AWS": ACCT}))
add(SV, "root user keeps its other rights", ROOTDOC, "Only AssumeRole is refused; the root user still reads its own account's objects.", "Allow",
    principal=ROOT, action="iam:GetRole", resource=DEPLOY)
AWSMAN = "IAM User Guide: AWS managed policies (you cannot change the permissions defined in AWS managed policies)"
MANAGED = "arn:aws:iam::aws:policy/ReadOnlyAccess"
for act in ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:SetDefaultPolicyVersion", "iam:TagPolicy"]:
    add(SV, f"{act} on an AWS managed policy is refused", AWSMAN, "The identity policy allows everything, but AWS managed policies are maintained by AWS alone.", "ImplicitDeny",
        identity=[ALLOW_ALL], action=act, resource=MANAGED, notes="Reported as ImplicitDeny blocked by service_rule.")
add(SV, "reading an AWS managed policy is allowed", AWSMAN, "iam:GetPolicy does not change the policy.", "Allow", identity=[ALLOW_ALL], action="iam:GetPolicy", resource=MANAGED,
    notes="The account `aws` in the ARN is no account: the request is read as in the caller's account.")
add(SV, "deleting a customer managed policy is allowed", AWSMAN, "The rule covers AWS managed policies only.", "Allow",
    identity=[ALLOW_ALL], action="iam:DeletePolicy", resource=f"arn:aws:iam::{ACCT}:policy/Mine")
add(SV, "an explicit deny on an AWS managed policy stays an explicit deny", AWSMAN, "The policies already deny; the service rule is shown after them.", "ExplicitDeny",
    identity=[ALLOW_ALL, pol(deny("iam:DeletePolicy"))], action="iam:DeletePolicy", resource=MANAGED)
SSODOC = "IAM Identity Center User Guide: IAM roles created by IAM Identity Center (aws-reserved/sso.amazonaws.com) are managed by IAM Identity Center only"
SSOROLE = f"arn:aws:iam::{ACCT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef"
for act in ["iam:AttachRolePolicy", "iam:DeleteRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy"]:
    add(SV, f"{act} on an IAM Identity Center role is refused", SSODOC, "Only IAM Identity Center modifies its reserved roles.", "ImplicitDeny",
        identity=[ALLOW_ALL], action=act, resource=SSOROLE, notes="Reported as ImplicitDeny blocked by service_rule.")
add(SV, "reading an IAM Identity Center role is allowed", SSODOC, "iam:GetRole does not modify the role.", "Allow", identity=[ALLOW_ALL], action="iam:GetRole", resource=SSOROLE)
add(SV, "passing an IAM Identity Center role is left to the policies", SSODOC, "iam:PassRole is not covered by the rule.", "Allow", identity=[ALLOW_ALL], action="iam:PassRole", resource=SSOROLE,
    notes="No AWS document says PassRole of a reserved role is refused, so the engine leaves it to the policies.")
KMSAL = "AWS KMS Developer Guide: Aliases in AWS KMS (alias names cannot begin with aws/, which is reserved for AWS managed keys)"
for act in ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]:
    add(SV, f"{act} on an alias/aws/ alias is refused", KMSAL, "alias/aws/ is reserved for AWS managed keys.", "ImplicitDeny",
        identity=[ALLOW_ALL], action=act, resource=f"arn:aws:kms:us-east-1:{ACCT}:alias/aws/s3")
add(SV, "managing an own alias is allowed", KMSAL, "alias/app is not reserved.", "Allow", identity=[ALLOW_ALL], action="kms:DeleteAlias", resource=f"arn:aws:kms:us-east-1:{ACCT}:alias/app")
add(SV, "alias/aws-app is not reserved", KMSAL, "Only the prefix alias/aws/ is reserved.", "Allow", identity=[ALLOW_ALL], action="kms:DeleteAlias", resource=f"arn:aws:kms:us-east-1:{ACCT}:alias/aws-app")

S3ROOT = ("Amazon S3 API Reference: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy ('the root principal in a bucket owner's "
          "AWS account can perform the GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy API actions, even if their bucket "
          "policy explicitly denies the root principal's access. Bucket owner root principals can only be blocked from performing "
          "these API actions by VPC endpoint policies and AWS Organizations policies')")
LOCKED = pol(st("Deny", "s3:*", ["arn:aws:s3:::locked-bucket", "arn:aws:s3:::locked-bucket/*"], Principal="*", Sid="LockEveryoneOut"))
OWNER_ROOT = f"arn:aws:iam::{ACCT}:root"
LOCKED_BUCKET = "arn:aws:s3:::locked-bucket"
add(SV, "bucket owner's root deletes a bucket policy that denies it", S3ROOT, "S3 lets the owner's root user always delete the bucket policy, so it cannot lock itself out.", "Allow",
    principal=OWNER_ROOT, resource_policy=LOCKED, resource_account=ACCT, action="s3:DeleteBucketPolicy", resource=LOCKED_BUCKET)
add(SV, "bucket owner's root puts a new bucket policy over a Deny", S3ROOT, "The same rule covers PutBucketPolicy.", "Allow",
    principal=OWNER_ROOT, resource_policy=LOCKED, resource_account=ACCT, action="s3:PutBucketPolicy", resource=LOCKED_BUCKET)
add(SV, "bucket owner's root reads a bucket policy that denies it", S3ROOT, "The same rule covers GetBucketPolicy.", "Allow",
    principal=OWNER_ROOT, resource_policy=LOCKED, resource_account=ACCT, action="s3:GetBucketPolicy", resource=LOCKED_BUCKET)
add(SV, "bucket owner's root is still denied objects by the bucket policy", S3ROOT, "The rule covers only the three bucket-policy calls: the Deny binds the root user for everything else.", "ExplicitDeny",
    principal=OWNER_ROOT, resource_policy=LOCKED, resource_account=ACCT, action="s3:GetObject", resource=LOCKED_BUCKET + "/report.csv")
add(SV, "an IAM user of the owner account is bound by the bucket policy's Deny", S3ROOT, "Only the root user is exempt.", "ExplicitDeny",
    principal=f"arn:aws:iam::{ACCT}:user/admin", identity=[ALLOW_ALL], resource_policy=LOCKED, resource_account=ACCT,
    action="s3:DeleteBucketPolicy", resource=LOCKED_BUCKET)
add(SV, "another account's root is not the bucket owner", S3ROOT, "The exemption is for the root user of the account that owns the bucket.", "ExplicitDeny",
    principal="arn:aws:iam::444455556666:root", resource_policy=LOCKED, resource_account=ACCT, action="s3:DeleteBucketPolicy", resource=LOCKED_BUCKET)
add(SV, "an SCP can still block the bucket owner's root", S3ROOT, "Organizations policies can block these calls (the API reference names them); SCPs apply to member accounts' root users.", "ExplicitDeny",
    principal=OWNER_ROOT, resource_policy=LOCKED, resource_account=ACCT, scps=[[pol(allow("*"), deny("s3:DeleteBucketPolicy"))]],
    management_account="999999999999", action="s3:DeleteBucketPolicy", resource=LOCKED_BUCKET)
add(SV, "a VPC endpoint policy can still block the bucket owner's root", S3ROOT, "VPC endpoint policies can block these calls (the API reference names them).", "ImplicitDeny",
    principal=OWNER_ROOT, resource_policy=LOCKED, resource_account=ACCT,
    endpoint_policy=pol(allow("s3:GetObject", Principal="*")), action="s3:PutBucketPolicy", resource=LOCKED_BUCKET)

# ---------------------------------------------------------------- boundaries and trust policies that name the user
TRUSTUPD = "IAM User Guide: Update a role trust policy ('If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action')"
S3B = pol(allow("s3:*"))
add(PB, "trust naming the user does not bypass the boundary", TRUSTUPD, "The trust policy names alice, but her boundary allows only s3:*.", "ImplicitDeny",
    permissions_boundary=S3B, action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ALICE}),
    notes="Blocked by permissions_boundary. The same applies to the other actions a trust policy decides (sts:TagSession...): the guide names sts:AssumeRole; the engine applies the rule to the whole trust policy's grant.")
add(PB, "trust naming the user with a boundary that allows AssumeRole", TRUSTUPD, "The boundary allows sts:AssumeRole and the trust names alice.", "Allow",
    permissions_boundary=pol(allow(["s3:*", "sts:AssumeRole"])), action="sts:AssumeRole", resource=DEPLOY, resource_policy=trust({"AWS": ALICE}))
add(PB, "bucket policy naming the user is still not capped by the boundary", BOUND, "For resources other than roles, a same-account resource policy naming the user grants beyond the boundary.", "Allow",
    permissions_boundary=pol(allow("ec2:*")), resource_policy=BUCKET_TO({"AWS": ALICE}))

# ---------------------------------------------------------------- SCPs limit only member accounts' principals
add(O, "an outside caller is not limited by the resource organization's SCPs", SCP + " / " + RCP,
    "The caller's account is in no organization (no scps); the resource's organization limits it only through its RCP, which allows.", "Allow",
    principal=BOB_X, identity=[pol(allow("s3:GetObject"))], resource_account=ACCT, rcps=[[RFULL]],
    resource_policy=BUCKET_TO({"AWS": BOB_X}),
    notes="In a case, `scps` are the levels of the principal's own account; an outsider has none. Scenarios check the same with a caller from an account outside the organization.")
add(O, "an outside caller is limited by the resource organization's RCP", RCP,
    "The RCP on the resource's account denies principals outside the organization.", "ExplicitDeny",
    principal=BOB_X, identity=[pol(allow("s3:GetObject"))], resource_account=ACCT,
    rcps=[[RFULL, pol(st("Deny", "s3:*", "*", Principal="*", Condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}))]],
    resource_policy=BUCKET_TO({"AWS": BOB_X}),
    notes="The caller's aws:PrincipalOrgID is absent (it belongs to no organization), so StringNotEqualsIfExists is true and the Deny applies. Absent with a plain StringNotEquals would also be true.")

def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
    os.makedirs(out, exist_ok=True)
    total = 0
    for name, cases in files.items():
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            json.dump(cases, f, indent=2)
            f.write("\n")
        total += len(cases)
    print(f"{total} cases in {len(files)} files")


if __name__ == "__main__":
    main()
