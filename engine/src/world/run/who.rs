//! Authentication: who a request's `who` names (a user with a password or an access
//! key, a role session, an instance's credentials, root, a service, anonymous), found
//! in the world, with the credentials checked as AWS checks them.

use super::*;

impl<'s> Runner<'s> {
    /// Resolves `who` and authenticates it.
    pub(super) fn actor(&self, who: &WhoDoc, at: i128) -> Result<Actor, Failure> {
        if let Some(r) = &who.key_from {
            let Some(key) = self.key_by_request.get(r) else {
                return Err(failed(
                    "access key",
                    format!("InvalidClientTokenId: request `{r}` created no access key"),
                ));
            };
            let mut who = who.clone();
            who.key_from = None;
            who.access_key = Some(key.clone());
            return self.actor(&who, at);
        }
        let chosen = [
            who.user.is_some() || (who.access_key.is_some() && who.user.is_none()),
            who.root.is_some(),
            who.role.is_some(),
            who.session.is_some(),
            who.instance.is_some(),
            who.service.is_some(),
            who.anonymous,
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if chosen != 1 {
            return Err(Failure::Invalid(
                "`who` needs exactly one of user, access_key, root, role, session, instance, service or anonymous".into(),
            ));
        }
        if let Some(key) = &who.access_key {
            return self.user_by_key(key, who, at);
        }
        if let Some(u) = &who.user {
            let (acct, user) = self.find_user(u, who.account.as_deref())?;
            let mfa = who.mfa.unwrap_or(user.mfa);
            if mfa && !user.mfa {
                return Err(failed(
                    "console password",
                    format!("user {u} has no MFA device, so it cannot sign in with MFA"),
                ));
            }
            let mut a = self.user_actor(acct, &user.name, Creds::Password, mfa, None)?;
            a.auth = ok(
                "console sign-in with a password",
                if mfa {
                    "password and MFA code accepted"
                } else {
                    "password accepted (no MFA)"
                },
            );
            return Ok(a);
        }
        if let Some(acct) = &who.root {
            let account = self
                .scenario
                .account(acct)
                .ok_or_else(|| Failure::Invalid(format!("no account `{acct}` in the scenario")))?;
            let caller = caller_from_arn(&format!("arn:aws:iam::{acct}:root"))?;
            let mfa = who.mfa.unwrap_or(account.root_mfa);
            return Ok(Actor {
                display: format!("the root user of {}", account_label(account)),
                caller,
                identity: Vec::new(),
                boundary: None,
                session_policies: Vec::new(),
                keys: vec![
                    ("aws:MultiFactorAuthPresent".into(), vec![mfa.to_string()], false),
                ],
                creds: Creds::Password,
                mfa,
                user: None,
                role_session: false,
                transitive: IndexMap::new(),
                source_identity: None,
                auth: ok(
                    "root user sign-in",
                    "the account's email address and password (the root user needs no policy in its own account)",
                ),
            });
        }
        if let Some(r) = &who.role {
            let (acct, role) = self.find_role(r, who.account.as_deref())?;
            let name = who.session_name.clone().unwrap_or_else(|| "session".into());
            let session = Session {
                mfa: who.mfa.unwrap_or(false),
                ..Session::of_role(&acct.id, &role.name, &name, at, at + HOUR)
            };
            let mut a = self.session_actor(&session, at)?;
            a.auth = ok(
                "temporary credentials of a role session",
                format!("the request is made with role {}'s session credentials, as if the role had already been assumed; its trust policy is not checked here: an sts:AssumeRole request decides that step, so add one to see it", role.name),
            );
            return Ok(a);
        }
        if let Some(s) = &who.session {
            let session = self.sessions.get(s).ok_or_else(|| {
                failed(
                    "temporary credentials",
                    format!("InvalidClientTokenId: request `{s}` created no session (it did not succeed)"),
                )
            })?;
            return self.session_actor(session, at);
        }
        if let Some(i) = &who.instance {
            let (acct, inst) = self
                .scenario
                .accounts
                .iter()
                .find_map(|a| a.instances.get(i).map(|inst| (a, inst)))
                .ok_or_else(|| Failure::Invalid(format!("no instance `{i}` in the scenario")))?;
            let role = acct.roles.get(&inst.role).ok_or_else(|| {
                Failure::Invalid(format!(
                    "instance {i}'s profile names no role of the account"
                ))
            })?;
            // EC2 gets the instance's credentials by assuming the role as the service
            // `ec2.amazonaws.com`: a role whose trust policy does not let EC2 in gives
            // the instance none (IAM User Guide, "Use an IAM role to grant permissions
            // to applications running on Amazon EC2 instances").
            if !trusts_ec2(role) {
                return Err(failed(
                    "temporary credentials from the instance metadata service",
                    format!(
                        "role {}'s trust policy does not let ec2.amazonaws.com assume it, so EC2 gives instance {i} no credentials: add a statement allowing {{\"Service\": \"ec2.amazonaws.com\"}} to call sts:AssumeRole",
                        role.name
                    ),
                ));
            }
            // EC2 refreshes the credentials well before they expire.
            let session =
                Session::of_role(&acct.id, &role.name, i, at - 5 * 60 * SECOND, at + 5 * HOUR);
            let mut a = self.session_actor(&session, at)?;
            a.display = format!(
                "instance {i} (as role {}, via instance profile {})",
                role.name, inst.profile
            );
            a.keys.push((
                "ec2:SourceInstanceARN".into(),
                vec![inst.arn.clone()],
                false,
            ));
            if let Some(vpc) = &inst.vpc {
                a.keys
                    .push(("aws:Ec2InstanceSourceVpc".into(), vec![vpc.clone()], false));
            }
            a.keys.push((
                "aws:RequestedRegion".into(),
                vec![inst.region.clone()],
                false,
            ));
            a.auth = ok(
                "temporary credentials from the instance metadata service",
                format!("EC2 assumed role {} for instance profile {}; the credentials are rotated automatically before they expire", role.name, inst.profile),
            );
            return Ok(a);
        }
        if let Some(s) = &who.service {
            let caller = Caller::from_spec(CallerSpec {
                arn: Some(s.clone()),
                ..CallerSpec::default()
            })
            .map_err(Failure::Invalid)?;
            return Ok(Actor {
                display: format!("the service {s}"),
                caller,
                identity: Vec::new(),
                boundary: None,
                session_policies: Vec::new(),
                keys: Vec::new(),
                creds: Creds::Service,
                mfa: false,
                user: None,
                role_session: false,
                transitive: IndexMap::new(),
                source_identity: None,
                auth: ok("AWS service", "a service principal, signed by AWS itself"),
            });
        }
        Ok(Actor {
            display: "anonymous".into(),
            caller: Caller::anonymous(),
            identity: Vec::new(),
            boundary: None,
            session_policies: Vec::new(),
            keys: Vec::new(),
            creds: Creds::Unsigned,
            mfa: false,
            user: None,
            role_session: false,
            transitive: IndexMap::new(),
            source_identity: None,
            auth: ok(
                "unsigned request",
                "no credentials: the caller is anonymous",
            ),
        })
    }

    fn find_user(
        &self,
        name: &str,
        account: Option<&str>,
    ) -> Result<(&'s Account, &'s crate::world::model::User), Failure> {
        self.find("user", name, account, |a| &a.users)
    }

    fn find_role(
        &self,
        name: &str,
        account: Option<&str>,
    ) -> Result<(&'s Account, &'s Role), Failure> {
        self.find("role", name, account, |a| &a.roles)
    }

    /// The one `kind` named `name` (in `account` when given), or why there is none.
    fn find<T>(
        &self,
        kind: &str,
        name: &str,
        account: Option<&str>,
        of: impl Fn(&'s Account) -> &'s IndexMap<String, T>,
    ) -> Result<(&'s Account, &'s T), Failure> {
        let hits: Vec<(&Account, &T)> = self
            .scenario
            .accounts
            .iter()
            .filter(|a| account.is_none_or(|x| x == a.id))
            .filter_map(|a| of(a).get(name).map(|x| (a, x)))
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => {
                let all = self
                    .scenario
                    .accounts
                    .iter()
                    .flat_map(|a| of(a).keys().map(String::as_str));
                let help = did_you_mean(name, all)
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                Err(Failure::Invalid(format!(
                    "no {kind} `{name}` in the scenario{help}"
                )))
            }
            _ => Err(Failure::Invalid(format!(
                "several accounts have a {kind} `{name}`: add `account`"
            ))),
        }
    }

    fn user_by_key(&self, key: &str, who: &WhoDoc, at: i128) -> Result<Actor, Failure> {
        let method = format!("access key {key}");
        let found = self.keys.get(key).and_then(|k| {
            let a = self.scenario.account(&k.account)?;
            Some((a, a.users.get(&k.user)?, k))
        });
        let Some((acct, user, k)) = found else {
            return Err(failed(method, "InvalidClientTokenId: no user has this access key, so the signature identifies nobody"));
        };
        if let Some(u) = &who.user {
            if *u != user.name {
                return Err(Failure::Invalid(format!(
                    "access key {key} belongs to user {}, not {u}",
                    user.name
                )));
            }
        }
        match k.status {
            KeyStatus::Deleted => {
                return Err(failed(method, format!("InvalidClientTokenId: the key was deleted; AWS no longer knows it (user {})", user.name)))
            }
            KeyStatus::Inactive => {
                return Err(failed(method, format!("InvalidClientTokenId: the key of user {} is Inactive; make it Active again or use another key", user.name)))
            }
            KeyStatus::Active => {}
        }
        if let Some(exp) = k.expires {
            if at > exp {
                return Err(failed(
                    method,
                    format!(
                        "the key expired at {} (an expiry the scenario set)",
                        values::format_date(exp)
                    ),
                ));
            }
        }
        if let Some(created) = k.created {
            if at < created {
                return Err(failed(
                    method,
                    format!(
                        "InvalidClientTokenId: the key is only created at {}",
                        values::format_date(created)
                    ),
                ));
            }
        }
        let mut a = self.user_actor(acct, &user.name, Creds::AccessKey, false, None)?;
        a.auth = ok(
            method,
            format!("the key is Active and belongs to user {} (long-term credentials: aws:MultiFactorAuthPresent is absent)", user.name),
        );
        Ok(a)
    }

    fn user_actor(
        &self,
        acct: &Account,
        name: &str,
        creds: Creds,
        mfa: bool,
        issued: Option<i128>,
    ) -> Result<Actor, Failure> {
        let user = acct
            .users
            .get(name)
            .ok_or_else(|| Failure::Invalid(format!("no user `{name}` in account {}", acct.id)))?;
        let caller = caller_from_arn(&user.arn)?;
        let mut keys = vec![("aws:userid".to_string(), vec![user.id.clone()], false)];
        keys.extend(tag_keys("aws:PrincipalTag", &user.tags));
        match creds {
            Creds::AccessKey => {}
            _ => keys.push((
                "aws:MultiFactorAuthPresent".into(),
                vec![mfa.to_string()],
                false,
            )),
        }
        if mfa {
            keys.push(("aws:MultiFactorAuthAge".into(), vec!["60".into()], false));
        }
        if let Some(t) = issued {
            keys.push((
                "aws:TokenIssueTime".into(),
                vec![values::format_date(t)],
                false,
            ));
        }
        Ok(Actor {
            display: format!("user {name} ({})", account_label(acct)),
            caller,
            identity: user.policies.clone(),
            boundary: user.boundary.clone(),
            session_policies: Vec::new(),
            keys,
            creds,
            mfa,
            user: Some((acct.id.clone(), name.to_string())),
            role_session: false,
            transitive: IndexMap::new(),
            source_identity: None,
            auth: ok("", ""),
        })
    }

    fn session_actor(&self, s: &Session, at: i128) -> Result<Actor, Failure> {
        if at >= s.expires {
            return Err(failed(
                "temporary credentials",
                format!(
                    "ExpiredToken: the session {} expired at {}",
                    s.arn,
                    values::format_date(s.expires)
                ),
            ));
        }
        if at < s.issued {
            return Err(failed(
                "temporary credentials",
                format!(
                    "the session {} only exists from {}",
                    s.arn,
                    values::format_date(s.issued)
                ),
            ));
        }
        let auth = ok(
            "temporary credentials",
            format!("valid until {}", values::format_date(s.expires)),
        );
        let mut keys = vec![
            (
                "aws:TokenIssueTime".to_string(),
                vec![values::format_date(s.issued)],
                false,
            ),
            (
                "aws:MultiFactorAuthPresent".to_string(),
                vec![s.mfa.to_string()],
                false,
            ),
        ];
        if let Some(si) = &s.source_identity {
            keys.push(("aws:SourceIdentity".into(), vec![si.clone()], false));
        }
        if let Some(p) = &s.provider {
            keys.push(("aws:FederatedProvider".into(), vec![p.clone()], false));
        }
        match &s.kind {
            SessionKind::Role {
                account,
                role,
                name,
            } => {
                let acct = self.account(account)?;
                let r = acct
                    .roles
                    .get(role)
                    .ok_or_else(|| Failure::Invalid(format!("role {role} is gone")))?;
                let caller = Caller::from_spec(CallerSpec {
                    arn: Some(s.arn.clone()),
                    role_arn: Some(r.arn.clone()),
                    service_linked: r.service_linked,
                    ..CallerSpec::default()
                })
                .map_err(Failure::Invalid)?;
                // Session tags override the role's tags with the same key.
                let mut tags = r.tags.clone();
                for (k, v) in &s.tags {
                    tags.insert(k.clone(), v.clone());
                }
                keys.push(("aws:userid".into(), vec![format!("{}:{name}", r.id)], false));
                keys.extend(tag_keys("aws:PrincipalTag", &tags));
                let transitive = s
                    .tags
                    .iter()
                    .filter(|(k, _)| s.transitive.iter().any(|t| t.eq_ignore_ascii_case(k)))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Ok(Actor {
                    display: format!(
                        "role session {} of role {role} ({})",
                        name,
                        account_label(acct)
                    ),
                    caller,
                    identity: r.policies.clone(),
                    boundary: r.boundary.clone(),
                    session_policies: s.policies.clone(),
                    keys,
                    creds: Creds::Temporary,
                    mfa: s.mfa,
                    user: None,
                    role_session: true,
                    transitive,
                    source_identity: s.source_identity.clone(),
                    auth,
                })
            }
            SessionKind::Federated {
                account,
                user,
                name,
            } => {
                let acct = self.account(account)?;
                let u = acct
                    .users
                    .get(user)
                    .ok_or_else(|| Failure::Invalid(format!("user {user} is gone")))?;
                let caller = Caller::from_spec(CallerSpec {
                    arn: Some(s.arn.clone()),
                    user_arn: Some(u.arn.clone()),
                    ..CallerSpec::default()
                })
                .map_err(Failure::Invalid)?;
                keys.extend(tag_keys("aws:PrincipalTag", &s.tags));
                Ok(Actor {
                    display: format!(
                        "federated user {name} (via user {user}, {})",
                        account_label(acct)
                    ),
                    caller,
                    identity: u.policies.clone(),
                    boundary: u.boundary.clone(),
                    session_policies: s.policies.clone(),
                    keys,
                    creds: Creds::Temporary,
                    mfa: s.mfa,
                    user: Some((account.clone(), user.clone())),
                    role_session: false,
                    transitive: IndexMap::new(),
                    source_identity: None,
                    auth,
                })
            }
            SessionKind::User { account, user } => {
                let acct = self.account(account)?;
                let mut a = self.user_actor(acct, user, Creds::Temporary, s.mfa, Some(s.issued))?;
                a.display = format!(
                    "user {user} ({}) with session credentials",
                    account_label(acct)
                );
                a.auth = auth;
                Ok(a)
            }
        }
    }
}
