// The playground's code editor: CodeMirror 6 set up for IAM policy JSON, bundled by
// esbuild into one lazily loaded ES module (dist/editor.js, see ../README.md).
//
// The page loads it with a dynamic import() once the first decision is drawn, and talks
// to it only through createEditor() and the handle it returns. Every offset in that
// contract is a UTF-16 code-unit offset into the editor's text (what JavaScript string
// indices, and CodeMirror, use).
//
//   const { createEditor } = await import('./editor.js');
//   const ed = createEditor(parent, { doc, onChange, ariaLabel, completions });
//   ed.setDoc(text); ed.setDoc(text, { newHistory: true }); ed.getDoc();
//   ed.setDiagnostics([{ from, to, severity, message }]);
//   ed.select(from, to); ed.format(); ed.setCompletions({ actions, resources, conditionKeys });
//   ed.undo(); ed.redo(); ed.canUndo(); ed.canRedo(); ed.destroy();
//
// Styles: CodeMirror injects its CSS through style-mod. In a shadow root style-mod uses a
// constructable stylesheet (adoptedStyleSheets), but in a plain document it writes a
// <style> element, which the page's Content-Security-Policy (style-src 'self', no
// 'unsafe-inline') blocks. adoptStyles() below makes style-mod use a constructable
// stylesheet for the document too (Chrome 73+, Firefox 101+, Safari 16.4+), so no CSP
// change is needed. Nothing here sets a style attribute from markup either. Colours come
// from the page's CSS variables, so the page's light and dark themes both apply.

import { Annotation, ChangeSet, Compartment, EditorSelection, EditorState, Transaction } from '@codemirror/state';
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
} from '@codemirror/view';
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
  isolateHistory,
  undo as cmUndo,
  redo as cmRedo,
  undoDepth,
  redoDepth,
} from '@codemirror/commands';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
  HighlightStyle,
  indentUnit,
} from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { lintGutter, lintKeymap, setDiagnostics as cmSetDiagnostics } from '@codemirror/lint';
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  pickedCompletion,
} from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { tags } from '@lezer/highlight';
import { StyleModule } from 'style-mod';

// ---------------------------------------------------------------------------------------
// IAM vocabulary

/** Keys of a policy document and of a statement (offered when typing a key). */
const POLICY_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = [
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction',
  'Resource', 'NotResource', 'Condition',
];
/** Keys of a Principal / NotPrincipal object. */
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** Every IAM condition operator, each also with IfExists (except Null, which AWS does not
 *  allow with it) and with the ForAllValues: / ForAnyValue: set prefixes. */
const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals',
  'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
  'ArnEquals', 'ArnNotEquals', 'ArnLike', 'ArnNotLike',
  'Null',
];
const CONDITION_OPERATORS = (() => {
  const plain = [];
  for (const op of BASE_OPERATORS) {
    plain.push(op);
    if (op !== 'Null') plain.push(op + 'IfExists');
  }
  return [...plain, ...plain.map((op) => 'ForAllValues:' + op), ...plain.map((op) => 'ForAnyValue:' + op)];
})();

/** How many completion options are shown at most (CodeMirror renders 100 at most anyway). */
const MAX_OPTIONS = 100;

// ---------------------------------------------------------------------------------------
// Completion lists: sorted, lower-cased once, searched without scanning when possible

/**
 * A searchable list of labels. Sorted by the lower-cased label, so that prefix matches are
 * one binary search away; other matches take one linear pass (about a millisecond for
 * the ~18,000 IAM actions), which stops early once enough good matches are found.
 * `type` is the CodeMirror completion type (its CSS class), `detail` an optional
 * function giving a label's short note.
 */
function makeIndex(labels, type, detail) {
  const pairs = [];
  const seen = new Set();
  for (const l of labels || []) {
    if (typeof l !== 'string' || l === '' || seen.has(l)) continue;
    seen.add(l);
    pairs.push([l.toLowerCase(), l]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return {
    lower: pairs.map((p) => p[0]),
    labels: pairs.map((p) => p[1]),
    type,
    detail,
    options: {}, // option objects, made on first use, per kind of place (see applyFor)
  };
}

/**
 * How an option is inserted, for a key or a value, typed inside a string or as a bare
 * word. The text goes in JSON-escaped, within quotes (closing the string if it was not
 * closed), and the cursor ends after the closing quote, ready for what comes next; after
 * a key, ": " is added too unless a colon already follows.
 */
function applyFor(role, inString) {
  return (view, completion, from, to) => {
    const { state } = view;
    const body = JSON.stringify(completion.label).slice(1, -1);
    let insert;
    let after; // in the old text: the position right after the string
    if (inString) {
      const closed = state.sliceDoc(to, to + 1) === '"';
      insert = closed ? body : body + '"';
      after = closed ? to + 1 : to;
    } else {
      insert = '"' + body + '"';
      after = to;
    }
    const changes = [{ from, to, insert }];
    let cursor = after + insert.length - (to - from);
    if (role === 'key' && !/^\s*:/.test(state.sliceDoc(after, after + 100))) {
      changes.push({ from: after, insert: ': ' });
      cursor += 2;
    }
    view.dispatch({
      changes,
      selection: { anchor: cursor },
      scrollIntoView: true,
      userEvent: 'input.complete',
      annotations: pickedCompletion.of(completion),
    });
  };
}
const APPLY = {
  key1: applyFor('key', true),
  key0: applyFor('key', false),
  value1: applyFor('value', true),
  value0: applyFor('value', false),
};

function option(index, i, role, inString) {
  const kind = role + (inString ? 1 : 0);
  const cache = index.options[kind] || (index.options[kind] = []);
  let o = cache[i];
  if (!o) {
    const label = index.labels[i];
    o = { label, type: index.type, apply: APPLY[kind] };
    const d = index.detail?.(label);
    if (d) o.detail = d;
    cache[i] = o;
  }
  return o;
}

/** True when position p of a label starts a "word" of it: after a separator (anything
 *  but a letter or digit: ":" "/" "-" "_" "." ...), or at a capital after a lower-case
 *  letter or digit ("Object" in "GetObject"). `lower` is the label lower-cased. */
function atBoundary(label, lower, p) {
  const c = lower.charCodeAt(p - 1);
  if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c > 127)) return true;
  const here = label.charCodeAt(p);
  const before = label.charCodeAt(p - 1);
  return here >= 65 && here <= 90 && !(before >= 65 && before <= 90);
}

/**
 * Up to `cap` indices of the labels matching `query` (case-insensitive), best first:
 * labels starting with it, then labels with a word starting with it ("getobj" and
 * "object" find s3:GetObject), then labels containing it anywhere. Alphabetical within
 * each group.
 */
function search(index, query, cap) {
  const q = query.toLowerCase();
  const { lower, labels } = index;
  const n = lower.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lower[mid] < q) lo = mid + 1;
    else hi = mid;
  }
  const out = [];
  let end = lo;
  while (end < n && lower[end].startsWith(q)) {
    if (out.length < cap) out.push(end);
    end++;
  }
  if (out.length >= cap || q === '') return out;
  const words = [];
  const inside = [];
  for (let i = 0; i < n; i++) {
    if (i === lo && end > lo) {
      i = end - 1; // the prefix matches, already taken
      continue;
    }
    const s = lower[i];
    let p = s.indexOf(q, 1);
    if (p < 0) continue;
    let word = false;
    for (; p >= 0; p = s.indexOf(q, p + 1)) {
      if (atBoundary(labels[i], s, p)) {
        word = true;
        break;
      }
    }
    if (word) {
      words.push(i);
      if (out.length + words.length >= cap) break;
    } else if (out.length + words.length + inside.length < cap) {
      inside.push(i);
    }
  }
  for (const i of words) if (out.length < cap) out.push(i);
  for (const i of inside) if (out.length < cap) out.push(i);
  return out;
}

/** The completion lists, built from the page's lists on first use. */
function makeLists(c = {}) {
  const actions = Array.isArray(c.actions) ? c.actions : [];
  const resources = Array.isArray(c.resources) ? c.resources : [];
  const conditionKeys = Array.isArray(c.conditionKeys) ? c.conditionKeys : [];
  const cache = {};
  const once = (name, make) => () => cache[name] || (cache[name] = make());
  return {
    // "s3:GetObject", plus "*" and "service:*" for every service of the list.
    actions: once('actions', () => {
      const services = new Set();
      for (const a of actions) {
        const i = typeof a === 'string' ? a.indexOf(':') : -1;
        if (i > 0) services.add(a.slice(0, i).toLowerCase() + ':*');
      }
      return makeIndex(['*', ...services, ...actions], 'function', (l) =>
        l === '*' ? 'every action' : l.endsWith(':*') ? 'every action of the service' : '');
    }),
    // Only "*" and "service:*": shown when nothing is typed yet.
    services: once('services', () =>
      makeIndex(['*', ...new Set(actions.filter((a) => typeof a === 'string' && a.indexOf(':') > 0)
        .map((a) => a.slice(0, a.indexOf(':')).toLowerCase() + ':*'))], 'function',
      (l) => (l === '*' ? 'every action' : 'every action of the service'))),
    requestActions: once('requestActions', () => makeIndex(actions, 'function')),
    resources: once('resources', () => makeIndex(['*', ...resources], 'variable')),
    requestResources: once('requestResources', () => makeIndex(resources, 'variable')),
    conditionKeys: once('conditionKeys', () => makeIndex(conditionKeys, 'variable')),
  };
}

// Fixed lists, built once.
const FIXED = {
  operators: makeIndex(CONDITION_OPERATORS, 'keyword'),
  policyKeys: makeIndex([...POLICY_KEYS, ...STATEMENT_KEYS], 'property'),
  statementKeys: makeIndex(STATEMENT_KEYS, 'property'),
  principalKeys: makeIndex(PRINCIPAL_KEYS, 'property'),
  effect: makeIndex(['Allow', 'Deny'], 'constant'),
  version: makeIndex(['2012-10-17', '2008-10-17'], 'constant', (l) => (l === '2012-10-17' ? 'current' : 'old')),
};

// ---------------------------------------------------------------------------------------
// Where the cursor is, in JSON terms

/**
 * Scans `text` (the document up to the cursor) as JSON, forgiving errors, and says what
 * the cursor is in: a key or a value, inside a string or a bare word, and the property
 * names leading to the object or array around it (arrays add no name: the objects of
 * "Statement": [...] have the path [..., "Statement"]).
 * Returns { role: 'key'|'value', inString, from, query, path, key, keys }:
 *   from   where the typed text starts (after the opening quote inside a string);
 *   query  the typed text, from `from` to the cursor;
 *   path   the property names leading to the innermost object or array;
 *   key    for a value: the property it is the value of (for an array's item, the
 *          property holding the array); null at the top level;
 *   keys   for a key: the keys already written before it in the same object.
 * A linear pass: the documents edited here are small (a scenario is tens of kilobytes).
 */
function jsonContext(text) {
  const pos = text.length;
  // Frames: { type: 'root'|'object'|'array', expect, path, curKey, keys }
  //   expect: 'key' | 'colon' | 'value' | 'comma' (objects), 'value' | 'comma' (arrays, root)
  const stack = [{ type: 'root', expect: 'value', path: [], curKey: null, keys: [] }];
  const top = () => stack[stack.length - 1];
  const childPath = (f) => (f.type === 'object' ? [...f.path, f.curKey] : f.path);
  const valueDone = (f) => {
    f.expect = 'comma';
  };
  const result = (f, inString, from) => {
    const role = f.type === 'object' && f.expect === 'key' ? 'key' : 'value';
    let key = null;
    if (role === 'value') key = f.type === 'object' ? f.curKey : f.path.length ? f.path[f.path.length - 1] : null;
    return { role, inString, from, query: text.slice(from, pos), path: f.path, key, keys: f.keys };
  };
  let i = 0;
  while (i < pos) {
    const c = text.charCodeAt(i);
    const f = top();
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (c === 34) {
      // A string: to its closing quote, or to the end of the line if it has none.
      let j = i + 1;
      let closed = false;
      while (j < pos) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34) {
          closed = true;
          break;
        } else if (d === 10) break;
        else j++;
      }
      if (!closed && j >= pos) return result(f, true, i + 1);
      if (f.type === 'object' && f.expect === 'key') {
        let k = text.slice(i + 1, j);
        if (k.indexOf('\\') >= 0) {
          try {
            k = JSON.parse('"' + k + '"');
          } catch {
            /* keep it raw */
          }
        }
        f.curKey = k;
        f.keys.push(k);
        f.expect = 'colon';
      } else {
        valueDone(f);
      }
      i = closed ? j + 1 : j;
    } else if (c === 58) {
      // :
      if (f.type === 'object') f.expect = 'value';
      i++;
    } else if (c === 44) {
      // ,
      if (f.type === 'object') {
        f.expect = 'key';
        f.curKey = null;
      } else f.expect = 'value';
      i++;
    } else if (c === 123 || c === 91) {
      // { [
      stack.push({
        type: c === 123 ? 'object' : 'array',
        expect: c === 123 ? 'key' : 'value',
        path: childPath(f),
        curKey: null,
        keys: [],
      });
      i++;
    } else if (c === 125 || c === 93) {
      // } ]
      if (stack.length > 1) stack.pop();
      valueDone(top());
      i++;
    } else {
      // A bare word: a number, true/false/null, or something being typed.
      let j = i + 1;
      while (j < pos) {
        const d = text.charCodeAt(j);
        if (d === 32 || d === 9 || d === 10 || d === 13 || d === 34 || d === 44 || d === 58 ||
            d === 123 || d === 125 || d === 91 || d === 93) break;
        j++;
      }
      if (j >= pos) return result(f, false, i);
      valueDone(f);
      i = j;
    }
  }
  return result(top(), false, pos);
}

/**
 * Which list completes the cursor's context: { index, showEmpty } or null.
 * `showEmpty`: whether to open the list before anything is typed (on typing the quote).
 */
function pickList(ctx, lists) {
  const { path } = ctx;
  const last = path[path.length - 1];
  const inCondition = path.includes('Condition');
  if (ctx.role === 'key') {
    if (last === 'Condition') return { index: FIXED.operators, showEmpty: true };
    if (path[path.length - 2] === 'Condition') return { index: lists.conditionKeys(), showEmpty: true };
    // The playground's requests: "context": { "aws:SourceIp": ... } names condition keys.
    if (last === 'context') return { index: lists.conditionKeys(), showEmpty: true };
    if (inCondition) return null;
    if (last === 'Principal' || last === 'NotPrincipal') return { index: FIXED.principalKeys, showEmpty: true };
    if (last === 'Statement') return { index: FIXED.statementKeys, showEmpty: true };
    // Anywhere else: the policy and statement keys, opened before typing only in what
    // already looks like a policy (the top level, or an object with policy keys).
    const policyish = path.length === 0 || ctx.keys.some((k) => POLICY_KEYS.includes(k) || STATEMENT_KEYS.includes(k));
    return { index: FIXED.policyKeys, showEmpty: policyish };
  }
  if (inCondition) return null;
  switch (ctx.key) {
    case 'Action':
    case 'NotAction':
      // Nothing typed yet: "*" and the service:* forms, a short list to start from.
      return ctx.query === '' ? { index: lists.services(), showEmpty: true } : { index: lists.actions(), showEmpty: true };
    case 'Resource':
    case 'NotResource':
      return { index: lists.resources(), showEmpty: true };
    case 'Effect':
      return { index: FIXED.effect, showEmpty: true };
    case 'Version':
      return { index: FIXED.version, showEmpty: true };
    // The playground's requests: { "action": "s3:GetObject", "resource": "arn:..." }.
    case 'action':
      return { index: lists.requestActions(), showEmpty: false };
    case 'resource':
      return { index: lists.requestResources(), showEmpty: true };
    default:
      return null;
  }
}

/** The CodeMirror completion source, reading the current lists through getLists(). */
function iamCompletions(getLists) {
  return (cx) => {
    const { state, pos, explicit } = cx;
    if (pos > 5e6) return null; // not a policy
    const ctx = jsonContext(state.doc.sliceString(0, pos));
    // Outside a string, only a bare word (or an explicit Ctrl-Space) opens the list.
    if (!ctx.inString && ctx.query === '' && !explicit) return null;
    if (!ctx.inString && !/^[\w:*./-]*$/.test(ctx.query)) return null;
    const pick = pickList(ctx, getLists());
    if (!pick) return null;
    if (ctx.query === '' && !explicit && !pick.showEmpty) return null;
    const { index } = pick;
    const found = search(index, ctx.query, MAX_OPTIONS);
    if (found.length === 0) return null;
    // Inside a string, replace the whole string's text (up to its closing quote, if it
    // has one on this line), so that picking inside a word does not leave its tail.
    let to = pos;
    if (ctx.inString) {
      const line = state.doc.lineAt(pos);
      const rest = line.text.slice(pos - line.from);
      const m = /^(?:[^"\\]|\\.)*"/.exec(rest);
      if (m) to = pos + m[0].length - 1;
    }
    const q = ctx.query.toLowerCase();
    return {
      from: ctx.from,
      to,
      options: found.map((i) => option(index, i, ctx.role, ctx.inString)),
      filter: false, // filtered and ranked here, not by CodeMirror (18,000 actions)
      getMatch: (o) => {
        if (!q) return [];
        const p = o.label.toLowerCase().indexOf(q);
        return p < 0 ? [] : [p, p + q.length];
      },
    };
  };
}

// ---------------------------------------------------------------------------------------
// Pretty-printing that keeps every token as written

/**
 * The changes that re-indent valid JSON `text` as JSON.stringify(value, null, 2) lays it
 * out, or null if `text` is not JSON. Only whitespace between tokens changes: strings
 * and numbers stay exactly as written (escapes, 1.0, big numbers), as do the order of
 * the keys and any duplicate keys, which JSON.parse + JSON.stringify would lose. A
 * trailing newline is kept if the text had one.
 */
function formatChanges(text) {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  const changes = [];
  const n = text.length;
  let depth = 0;
  let prev = null; // the previous token: '{' '[' ',' ':' '}' ']' or 'v' (a value)
  let gap = 0; // where the whitespace before the next token starts
  const pad = (d) => '\n' + '  '.repeat(d);
  const replaceGap = (end, ws) => {
    if (text.slice(gap, end) !== ws) changes.push({ from: gap, to: end, insert: ws });
  };
  let i = 0;
  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    if (i >= n) break;
    const ch = text[i];
    let end = i + 1;
    if (ch === '"') {
      while (end < n && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end++;
    } else if (!'{}[],:'.includes(ch)) {
      while (end < n && !' \t\n\r,:{}[]"'.includes(text[end])) end++;
    }
    let ws;
    if (ch === '}' || ch === ']') {
      depth--;
      ws = prev === '{' || prev === '[' ? '' : pad(depth);
    } else if (prev === null) ws = '';
    else if (prev === '{' || prev === '[' || prev === ',') ws = pad(depth);
    else if (prev === ':') ws = ' ';
    else ws = ''; // a value, then ',' or ':'
    replaceGap(i, ws);
    if (ch === '{' || ch === '[') depth++;
    prev = '{}[],:'.includes(ch) ? ch : 'v';
    gap = end;
    i = end;
  }
  replaceGap(n, /\n/.test(text.slice(gap)) ? '\n' : '');
  return changes;
}

// ---------------------------------------------------------------------------------------
// Look: the page's colours (CSS variables), so its light and dark themes both apply

const mix = (v, pct) => `color-mix(in srgb, var(${v}) ${pct}%, transparent)`;
const MONO = 'var(--mono, ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace)';

const theme = EditorView.theme({
  '&': {
    color: 'var(--ink)',
    backgroundColor: 'var(--code-bg)',
    fontSize: '13px',
    // Fills a parent of definite height; otherwise grows with its text, up to
    // --editor-max-height if the page sets it (then scrolls inside).
    height: '100%',
    maxHeight: 'var(--editor-max-height, none)',
    border: '1px solid var(--line)',
    borderRadius: '4px',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: MONO, lineHeight: '20px', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--ink)', padding: '4px 0' },
  '.cm-line': { padding: '0 8px 0 4px' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--ink)', borderLeftWidth: '2px' },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground':
    { background: mix('--accent', 28) },
  '.cm-content ::selection': { backgroundColor: mix('--accent', 28) },
  '.cm-activeLine': { backgroundColor: mix('--current', 45) },
  '.cm-specialChar': { color: 'var(--deny)' },
  '.cm-gutters': {
    backgroundColor: 'var(--panel)',
    color: 'var(--muted)',
    border: 'none',
    borderRight: '1px solid var(--line)',
  },
  '.cm-activeLineGutter': { backgroundColor: mix('--current', 70), color: 'var(--ink)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 4px 0 8px' },
  '.cm-foldGutter .cm-gutterElement': { padding: '0 4px', cursor: 'pointer' },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--panel)',
    border: '1px solid var(--line)',
    color: 'var(--muted)',
    padding: '0 4px',
  },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
    backgroundColor: mix('--accent', 20),
    outline: '1px solid ' + mix('--accent', 55),
    color: 'inherit',
  },
  '.cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket': {
    backgroundColor: mix('--deny', 20),
    color: 'var(--deny)',
  },
  '.cm-searchMatch': { backgroundColor: mix('--implicit', 28), outline: '1px solid ' + mix('--implicit', 60) },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: mix('--accent', 40) },
  '.cm-selectionMatch': { backgroundColor: mix('--accent', 14) },
  // Panels (search), their fields and buttons.
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--ink)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--line)' },
  '.cm-textfield': {
    backgroundColor: 'var(--code-bg)',
    color: 'var(--ink)',
    border: '1px solid var(--line)',
    borderRadius: '3px',
    fontSize: '13px',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--panel)',
    color: 'var(--ink)',
    border: '1px solid var(--line)',
    borderRadius: '3px',
    fontSize: '13px',
    '&:active': { backgroundImage: 'none', backgroundColor: mix('--accent', 20) },
  },
  '.cm-panel.cm-search label': { fontSize: '13px' },
  '.cm-panel.cm-search [name=close], .cm-panel.cm-panel-lint [name=close]': { color: 'var(--muted)', fontSize: '18px' },
  '.cm-panel.cm-panel-lint ul [aria-selected]': { backgroundColor: mix('--accent', 20) },
  '.cm-panel.cm-panel-lint ul:focus [aria-selected]': {
    backgroundColor: 'var(--accent)',
    color: 'var(--accent-ink, var(--panel))',
  },
  // Tooltips: hover (diagnostics) and autocompletion.
  '.cm-tooltip': {
    backgroundColor: 'var(--panel)',
    color: 'var(--ink)',
    border: '1px solid var(--line)',
    borderRadius: '4px',
    boxShadow: '0 2px 8px ' + mix('--ink', 18),
  },
  '.cm-tooltip-section:not(:first-child)': { borderTop: '1px solid var(--line)' },
  '.cm-tooltip .cm-tooltip-arrow:before': { borderTopColor: 'var(--line)', borderBottomColor: 'var(--line)' },
  '.cm-tooltip .cm-tooltip-arrow:after': { borderTopColor: 'var(--panel)', borderBottomColor: 'var(--panel)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: MONO, fontSize: '13px', maxHeight: '14em' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px', lineHeight: '18px' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    background: 'var(--accent)',
    color: 'var(--accent-ink, var(--panel))',
  },
  '.cm-tooltip-autocomplete-disabled ul li[aria-selected]': { background: 'var(--muted)' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
  '.cm-completionDetail': { marginLeft: '1em', fontStyle: 'normal', opacity: '0.75' },
  // Diagnostics: wavy underlines in the page's colours (instead of CodeMirror's SVGs).
  '.cm-lintRange': {
    backgroundImage: 'none',
    paddingBottom: '0',
    textDecorationLine: 'underline',
    textDecorationStyle: 'wavy',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecorationColor: 'var(--deny)' },
  '.cm-lintRange-warning': { backgroundImage: 'none', textDecorationColor: 'var(--implicit)' },
  '.cm-lintRange-info': { backgroundImage: 'none', textDecorationColor: 'var(--accent)' },
  '.cm-lintRange-hint': { backgroundImage: 'none', textDecorationColor: 'var(--muted)' },
  '.cm-lintRange-active': { backgroundColor: mix('--current', 80) },
  '.cm-lintPoint:after': { borderBottomColor: 'var(--deny)' },
  '.cm-lintPoint-warning:after': { borderBottomColor: 'var(--implicit)' },
  '.cm-lintPoint-info:after': { borderBottomColor: 'var(--accent)' },
  '.cm-lintPoint-hint:after': { borderBottomColor: 'var(--muted)' },
  // Lint gutter markers: CSS shapes in the page's colours (instead of CodeMirror's SVG
  // images, which would also need img-src data:).
  '.cm-lint-marker': { content: 'normal', width: '10px', height: '10px', margin: '2px auto 0' },
  '.cm-lint-marker-error': { content: 'normal', backgroundColor: 'var(--deny)', borderRadius: '50%' },
  '.cm-lint-marker-warning': {
    content: 'normal',
    backgroundColor: 'var(--implicit)',
    clipPath: 'polygon(50% 0, 100% 100%, 0 100%)',
  },
  '.cm-lint-marker-info': { content: 'normal', backgroundColor: 'var(--accent)', borderRadius: '2px' },
  '.cm-lint-marker-hint': { content: 'normal', backgroundColor: 'var(--muted)', borderRadius: '2px' },
  '.cm-diagnostic': { fontFamily: 'var(--sans, system-ui, sans-serif)', fontSize: '13px', padding: '4px 8px' },
  '.cm-diagnostic-error': { borderLeft: '4px solid var(--deny)' },
  '.cm-diagnostic-warning': { borderLeft: '4px solid var(--implicit)' },
  '.cm-diagnostic-info': { borderLeft: '4px solid var(--accent)' },
  '.cm-diagnostic-hint': { borderLeft: '4px solid var(--muted)' },
});

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--accent)' },
  { tag: tags.string, color: 'var(--ink)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--implicit)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--muted)' },
  { tag: tags.invalid, color: 'var(--deny)' },
]);

// ---------------------------------------------------------------------------------------
// Styles under the page's Content-Security-Policy

const adopted = new WeakSet();

/**
 * Makes style-mod (CodeMirror's CSS injector) keep its rules for `doc` in a constructable
 * stylesheet added to doc.adoptedStyleSheets, instead of the <style> element it uses for
 * documents (blocked by style-src 'self'). style-mod 4.1 picks a constructable sheet
 * for a root that has adoptedStyleSheets but no `head` (a shadow root) and then reuses
 * that root's style set for every later mount; so its first mount in this document
 * happens here, with `head` hidden for the length of that synchronous call.
 * Without constructable stylesheets (older browsers) it does nothing: CodeMirror falls
 * back to a <style> element, which such a CSP blocks (the editor then works unstyled).
 * tests/e2e/checks/09-editor-bundle.mjs fails on any CSP violation, so a style-mod
 * update that changes this behaviour shows up there.
 */
function adoptStyles(doc) {
  if (adopted.has(doc)) return;
  adopted.add(doc);
  const win = doc.defaultView;
  if (!win || !Array.isArray(doc.adoptedStyleSheets) || typeof win.CSSStyleSheet !== 'function') return;
  try {
    new win.CSSStyleSheet().replaceSync(''); // constructable, not only present
  } catch {
    return;
  }
  Object.defineProperty(doc, 'head', { configurable: true, get: () => null });
  try {
    StyleModule.mount(doc, []);
  } finally {
    delete doc.head; // back to Document.prototype's getter
  }
}

// ---------------------------------------------------------------------------------------
// The editor

/** Marks the changes made by setDoc: they do not call onChange. */
const External = Annotation.define();

/** Holds the undo history, so that setDoc(text, { newHistory: true }) can start it anew
 *  (a state field taken out of the configuration and put back starts from scratch). */
const historySlot = new Compartment();

const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Where the common prefix and suffix of a and b end, not splitting a surrogate pair. */
function diffRange(a, b) {
  let start = 0;
  const min = Math.min(a.length, b.length);
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  if (start > 0 && start < min && isHigh(a.charCodeAt(start - 1))) start--;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endA < a.length && endA > start && isLow(a.charCodeAt(endA))) {
    endA++;
    endB++;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}
const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Creates the editor in `parent`. opts:
 *   doc          the initial text;
 *   onChange     called with the whole text after each edit by the user (typing, paste,
 *                undo/redo, completion, format()); never for setDoc or setDiagnostics;
 *   ariaLabel    the accessible name of the text area (optional);
 *   completions  { actions, resources, conditionKeys }: lists of strings (optional).
 * Returns the handle described at the top of this file.
 */
export function createEditor(parent, opts = {}) {
  const onChange = typeof opts.onChange === 'function' ? opts.onChange : () => {};
  adoptStyles(parent.ownerDocument || document);
  let lists = makeLists(opts.completions);

  const extensions = [
    // A policy often has one long line (a statement written on one line, a long ARN):
    // wrapped, a learner reads the whole of it, at any width.
    EditorView.lineWrapping,
    lineNumbers(),
    foldGutter(),
    lintGutter(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    historySlot.of(history()),
    drawSelection(),
    dropCursor(),
    indentOnInput(),
    indentUnit.of('  '),
    EditorState.tabSize.of(2),
    json(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    closeBrackets(),
    autocompletion({
      override: [iamCompletions(() => lists)],
      icons: false,
      maxRenderedOptions: MAX_OPTIONS,
      // Query the list 20 ms after typing stops (CodeMirror's default is 100 ms): the
      // source answers in a millisecond or two, even for the ~18,000 actions.
      activateOnTypingDelay: 20,
    }),
    highlightActiveLine(),
    highlightSelectionMatches(),
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...completionKeymap,
      ...lintKeymap,
      // Tab indents. To leave the editor with the keyboard, press Escape and then Tab
      // (CodeMirror's tab focus mode; Ctrl-M / Shift-Alt-M toggles it for good).
      indentWithTab,
    ]),
    theme,
    // Typing over a selection that spans several lines: do the replacement here rather
    // than let the browser's contenteditable do it, because Chromium then wraps the
    // text in <span style="..."> to keep the old styling, which the page's CSP
    // (style-src 'self', no inline styles) refuses with a console error.
    EditorView.domEventHandlers({
      beforeinput(event, v) {
        if (event.inputType !== 'insertText' || event.data == null) return false;
        if (v.state.selection.ranges.every((r) => r.empty)) return false;
        event.preventDefault();
        v.dispatch(v.state.replaceSelection(event.data), { userEvent: 'input.type', scrollIntoView: true });
        return true;
      },
    }),
    EditorView.contentAttributes.of(opts.ariaLabel ? { 'aria-label': String(opts.ariaLabel) } : {}),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && update.transactions.some((tr) => tr.docChanged && !tr.annotation(External))) {
        onChange(update.state.doc.toString());
      }
    }),
  ];

  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: String(opts.doc ?? ''), extensions }),
  });

  const clamp = (n) => {
    const len = view.state.doc.length;
    n = Number(n);
    if (!Number.isFinite(n)) return 0;
    return Math.max(0, Math.min(len, Math.trunc(n)));
  };

  return {
    /** Replaces the text if it differs. Changes only the part that differs, so the cursor
     *  and selection stay put where that part does not reach. Does not call onChange. It
     *  is one step of the undo history (undoing it is the user's edit, and does), unless
     *  opts.newHistory: then the history starts anew at the new text (nothing to undo or
     *  redo), even if the text was already the same. For a text that comes from elsewhere
     *  (another document, another policy): undo must never write an older text over it. */
    setDoc(text, opts) {
      text = String(text ?? '');
      const old = view.state.doc.toString();
      if (old !== text) {
        view.dispatch({
          changes: diffRange(old, text),
          annotations: [External.of(true), isolateHistory.of('full'), Transaction.userEvent.of('set')],
        });
      }
      if (opts && opts.newHistory && (undoDepth(view.state) || redoDepth(view.state))) {
        view.dispatch({ effects: historySlot.reconfigure([]) });
        view.dispatch({ effects: historySlot.reconfigure(history()) });
      }
    },

    getDoc() {
      return view.state.doc.toString();
    },

    /** Shows these diagnostics (replacing any earlier ones): underlines, lint gutter
     *  markers and hover tooltips. Spans are clamped to the text; from > to are swapped;
     *  an unknown severity counts as 'error'. They move with later edits. */
    setDiagnostics(list) {
      const diagnostics = [];
      for (const d of Array.isArray(list) ? list : []) {
        if (!d) continue;
        let from = clamp(d.from);
        let to = d.to == null ? from : clamp(d.to);
        if (to < from) [from, to] = [to, from];
        diagnostics.push({
          from,
          to,
          severity: SEVERITIES.has(d.severity) ? d.severity : 'error',
          message: String(d.message ?? ''),
        });
      }
      diagnostics.sort((a, b) => a.from - b.from || a.to - b.to);
      view.dispatch(cmSetDiagnostics(view.state, diagnostics));
    },

    /** Selects [from, to] (clamped; the cursor goes to `to`), scrolls it to the middle of
     *  the editor and focuses the editor. */
    select(from, to = from) {
      const a = clamp(from);
      const b = clamp(to);
      view.dispatch({
        selection: EditorSelection.single(a, b),
        effects: EditorView.scrollIntoView(EditorSelection.range(a, b), { y: 'center', x: 'nearest' }),
        userEvent: 'select',
      });
      view.focus();
    },

    /** Pretty-prints the text as JSON with a 2-space indent, as one undoable change that
     *  calls onChange (none if it is already formatted). Only whitespace between tokens
     *  changes. Returns false, changing nothing, if the text is not valid JSON. */
    format() {
      const changes = formatChanges(view.state.doc.toString());
      if (!changes) return false;
      if (changes.length) {
        view.dispatch({
          changes: ChangeSet.of(changes, view.state.doc.length),
          annotations: [isolateHistory.of('full')],
          userEvent: 'input.format',
          scrollIntoView: true,
        });
      }
      return true;
    },

    /** Replaces the completion lists ({ actions, resources, conditionKeys }; a missing
     *  list becomes empty). */
    setCompletions(c) {
      lists = makeLists(c);
    },

    undo() {
      return cmUndo(view);
    },

    redo() {
      return cmRedo(view);
    },

    /** Whether undo() / redo() would change something. */
    canUndo() {
      return undoDepth(view.state) > 0;
    },

    canRedo() {
      return redoDepth(view.state) > 0;
    },

    /** Removes the editor from the page. The handle does nothing useful afterwards. */
    destroy() {
      view.destroy();
    },

    /** The CodeMirror EditorView, for tests and debugging only (not part of the contract). */
    get view() {
      return view;
    },
  };
}
