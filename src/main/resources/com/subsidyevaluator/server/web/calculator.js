// 政策计算器: builds the form from the case JSON Schema (GET /api/schema), sends the case to POST /api/evaluate and
// shows the outcomes grouped 符合 / 待定 / 不符合 / 相关政策. Hand-written, no build, no library.
//
// Safety: every value from a case, a result or a rule file reaches the page through textContent or an attribute
// (el() below); nothing is ever written as HTML. The page's Content-Security-Policy allows no inline script.
//
// Field ids follow the JSON paths of the case file, so that an outcome's missing fact and a reader's error find
// their field: $.enterprise.rdExpenseWan -> f-enterprise-rdExpenseWan, $.projects[0].kind -> f-projects-0-kind.
'use strict';

(function () {
  const GROUPS = [
    ['ELIGIBLE', '符合', 'eligible', '申请主体满足条款的全部条件'],
    ['UNDETERMINED', '待定', 'undetermined', '还缺少情况，补充后才能判定（点击缺少的项目跳到表单中的字段）'],
    ['NOT_ELIGIBLE', '不符合', 'not-eligible', '至少一项条件不满足'],
    ['RELEVANT', '相关政策', 'relevant', '条款鼓励、支持或优先，但没有确定的权益：供了解，不是符合'],
  ];
  const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

  let schema = null;
  let defs = {};
  let doc = null;
  const words = {};       // clause number -> the clause's words
  const lists = [];       // [{name, def, title}] the case's lists (projects, recognitions, …)
  const singles = [];     // [{name, def, title}] the case's optional single facts (village, financing, …)

  // ------------------------------------------------------------------------------------------------ helpers

  /** An element: attributes set as attributes (never as HTML), children appended as nodes or as text. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function $(id) {
    return document.getElementById(id);
  }

  /** A number as written (money is exact: it is never turned into a JavaScript double). */
  class Num {
    constructor(text) { this.text = text; }
  }

  /** JSON text, indented by two spaces; a Num is written as its digits. */
  function json(v, indent) {
    indent = indent || '';
    const next = indent + '  ';
    if (v instanceof Num) return v.text;
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      return '[\n' + v.map((x) => next + json(x, next)).join(',\n') + '\n' + indent + ']';
    }
    if (v && typeof v === 'object') {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined);
      if (!keys.length) return '{}';
      return '{\n' + keys.map((k) => next + JSON.stringify(k) + ': ' + json(v[k], next)).join(',\n') + '\n' + indent + '}';
    }
    return JSON.stringify(v);
  }

  /** Parses JSON keeping each number's digits (Num) where the browser gives the source text. */
  function parseJson(text) {
    return JSON.parse(text, function (key, value, context) {
      if (typeof value === 'number') return new Num(context && context.source ? context.source : String(value));
      return value;
    });
  }

  function idOf(path) {
    return 'f-' + path.replace(/^\$\.?/, '').replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
  }

  function resolve(spec) {
    if (spec && spec.$ref) return defs[spec.$ref.replace('#/$defs/', '')];
    if (spec && spec.anyOf) return resolve(spec.anyOf.find((s) => s.$ref));
    return spec;
  }

  function typeOf(spec) {
    const t = Array.isArray(spec.type) ? spec.type.find((x) => x !== 'null') : spec.type;
    if (spec.enum) return 'enum';
    return t;
  }

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return r.json();
  }

  // ------------------------------------------------------------------------------------------------ the form

  /** One field of an object: label, the widget for its type, its unit, its hint and its error. */
  function field(prop, spec, required, base) {
    const path = base + '.' + prop;
    const id = idOf(path);
    const type = typeOf(spec);
    let input;
    if (type === 'boolean') {
      input = el('select', { id, 'data-kind': 'boolean' },
        el('option', { value: '' }, '（未填写）'), el('option', { value: 'true' }, '是'), el('option', { value: 'false' }, '否'));
    } else if (type === 'enum') {
      const labels = {};
      (spec['x-labels'] || []).forEach((l) => { labels[l.const] = l.title; });
      input = el('select', { id, 'data-kind': 'enum' }, el('option', { value: '' }, required ? '（请选择）' : '（未填写）'),
        spec.enum.filter((v) => v !== null).map((v) => el('option', { value: v }, labels[v] || v)));
    } else if (type === 'number' || type === 'integer') {
      input = el('input', { id, type: 'text', inputmode: type === 'integer' ? 'numeric' : 'decimal', 'data-kind': type,
        autocomplete: 'off' });
    } else {
      input = el('input', { id, type: 'text', 'data-kind': 'string', autocomplete: 'off',
        placeholder: spec.format === 'date' ? 'YYYY-MM-DD' : null });
    }
    input.dataset.path = path;
    const error = el('span', { id: id + '-error', class: 'field-error', 'aria-live': 'polite' });
    const hint = spec.description ? el('span', { id: id + '-hint', class: 'hint' }, spec.description) : null;
    input.setAttribute('aria-describedby', id + '-error' + (hint ? ' ' + id + '-hint' : ''));
    if (required) input.setAttribute('aria-required', 'true');
    const unit = spec['x-unit'] ? el('span', { class: 'unit' }, spec['x-unit']) : null;
    return el('div', { class: 'field field-' + type },
      el('label', { for: id }, spec.title || prop, required ? el('span', { class: 'required', title: '必填' }, ' *') : null),
      el('span', { class: 'control' }, input, unit), hint, error);
  }

  /** The fields of an object of the case (the enterprise, a project, …), in a fieldset whose id is its path's. */
  function objectFields(def, base, legend, extra) {
    const required = def.required || [];
    const fs = el('fieldset', { id: idOf(base), class: 'object', 'data-path': base },
      el('legend', {}, legend, extra || null));
    if (def.description) fs.append(el('p', { class: 'hint' }, def.description));
    const grid = el('div', { class: 'grid' });
    for (const [prop, spec] of Object.entries(def.properties)) {
      grid.append(field(prop, spec, required.includes(prop), base));
    }
    fs.append(grid);
    return fs;
  }

  function buildForm() {
    const box = $('form-fields');
    box.textContent = '';
    const top = el('fieldset', { id: 'f-case', class: 'object' }, el('legend', {}, '案例'));
    const grid = el('div', { class: 'grid' });
    for (const [prop, spec] of Object.entries(schema.properties)) {
      const d = resolve(spec);
      if (spec.type === 'array') {
        lists.push({ name: prop, def: resolve(spec.items), title: spec.title || prop });
      } else if (d && d.properties) {
        if (prop !== 'enterprise') singles.push({ name: prop, def: d, title: spec.title || prop });
      } else {
        grid.append(field(prop, spec, (schema.required || []).includes(prop), '$'));
      }
    }
    top.append(grid);
    if (doc) {
      top.append(el('p', { class: 'hint' }, '政策有效期 ' + doc.validFrom + ' 至 ' + doc.validTo
        + '；评估日期默认为今天，今天不在有效期内时为有效期的最后一天。'));
    }
    box.append(top);
    box.append(objectFields(defs.Enterprise, '$.enterprise', schema.properties.enterprise.title || '申请主体'));
    for (const l of lists) {
      const items = el('div', { id: idOf('$.' + l.name), class: 'items', 'data-list': l.name });
      box.append(el('section', { class: 'list', id: 'list-' + l.name },
        el('h3', {}, l.title, ' ', el('small', {}, l.def.description || '')), items,
        el('button', { type: 'button', class: 'add', id: 'add-' + l.name, onclick: () => addItem(l, null) },
          '添加' + l.title)));
    }
    for (const s of singles) {
      box.append(el('section', { class: 'single', id: 'single-' + s.name },
        el('div', { id: 'box-' + s.name }),
        el('button', { type: 'button', class: 'add', id: 'add-' + s.name, onclick: () => openSingle(s) }, '填写' + s.title)));
    }
    defaults();
  }

  function addItem(list, values) {
    const items = $(idOf('$.' + list.name));
    const i = items.children.length;
    const base = '$.' + list.name + '[' + i + ']';
    const remove = el('button', { type: 'button', class: 'remove', id: idOf(base) + '-remove',
      onclick: () => removeItem(list, i) }, '删除');
    const fs = objectFields(list.def, base, list.title + ' ' + (i + 1) + ' ', remove);
    items.append(fs);
    if (values) setObject(list.def, base, values);
    return fs;
  }

  function removeItem(list, index) {
    const items = $(idOf('$.' + list.name));
    const kept = [];
    for (let i = 0; i < items.children.length; i++) {
      if (i !== index) kept.push(readObject(list.def, '$.' + list.name + '[' + i + ']'));
    }
    items.textContent = '';
    kept.forEach((v) => addItem(list, v));
  }

  function openSingle(s, values) {
    const box = $('box-' + s.name);
    if (!box.children.length) {
      const base = '$.' + s.name;
      const remove = el('button', { type: 'button', class: 'remove', id: idOf(base) + '-remove', onclick: () => closeSingle(s) }, '删除');
      box.append(objectFields(s.def, base, s.title + ' ', remove));
      $('add-' + s.name).hidden = true;
    }
    if (values) setObject(s.def, '$.' + s.name, values);
  }

  function closeSingle(s) {
    $('box-' + s.name).textContent = '';
    $('add-' + s.name).hidden = false;
  }

  function defaults() {
    if ($('f-caseId')) $('f-caseId').value = '计算器';
    const today = new Date().toISOString().slice(0, 10);
    let asOf = today;
    if (doc && (today < doc.validFrom || today > doc.validTo)) asOf = doc.validTo;
    if ($('f-asOf')) $('f-asOf').value = asOf;
  }

  function clearForm() {
    for (const l of lists) $(idOf('$.' + l.name)).textContent = '';
    for (const s of singles) closeSingle(s);
    document.querySelectorAll('#form-fields [data-path]').forEach((i) => {
      if (i.tagName !== 'FIELDSET') i.value = '';
    });
    clearErrors();
    defaults();
  }

  // ------------------------------------------------------------------------------------------------ values

  function readInput(input) {
    const v = input.value;
    switch (input.dataset.kind) {
      case 'boolean': return v === '' ? undefined : v === 'true';
      case 'enum': return v === '' ? undefined : v;
      case 'number':
      case 'integer': {
        const t = v.trim();
        if (t === '') return undefined;
        return NUMBER.test(t) ? new Num(t) : t; // not a number: sent as typed, the server says what is wrong
      }
      default: return v.trim() === '' ? undefined : v.trim();
    }
  }

  function readObject(def, base) {
    const o = {};
    for (const prop of Object.keys(def.properties)) {
      const input = $(idOf(base + '.' + prop));
      if (input) {
        const v = readInput(input);
        if (v !== undefined) o[prop] = v;
      }
    }
    return o;
  }

  /** The case the form describes: only the facts filled in. */
  function readCase() {
    const c = {};
    for (const prop of Object.keys(schema.properties)) {
      const input = $(idOf('$.' + prop));
      if (input && input.tagName !== 'FIELDSET' && input.dataset.kind) {
        const v = readInput(input);
        if (v !== undefined) c[prop] = v;
      }
    }
    c.enterprise = readObject(defs.Enterprise, '$.enterprise');
    for (const l of lists) {
      const n = $(idOf('$.' + l.name)).children.length;
      if (n) {
        c[l.name] = [];
        for (let i = 0; i < n; i++) c[l.name].push(readObject(l.def, '$.' + l.name + '[' + i + ']'));
      }
    }
    for (const s of singles) {
      if ($('box-' + s.name).children.length) c[s.name] = readObject(s.def, '$.' + s.name);
    }
    return c;
  }

  function setInput(input, v, problems, path) {
    if (v === null || v === undefined) { input.value = ''; return; }
    const kind = input.dataset.kind;
    if (kind === 'boolean') {
      if (typeof v === 'boolean') input.value = String(v);
      else problems.push(path + '：应为是或否，原值 ' + JSON.stringify(v) + ' 未填入');
    } else if (kind === 'enum') {
      if ([...input.options].some((o) => o.value === v)) input.value = v;
      else problems.push(path + '：选项 ' + JSON.stringify(v) + ' 不在表单的选项中，未填入');
    } else if (v instanceof Num) {
      input.value = v.text;
    } else if (typeof v === 'object') {
      problems.push(path + '：应为单个值，未填入');
    } else {
      input.value = String(v);
    }
  }

  function setObject(def, base, values, problems) {
    problems = problems || [];
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      problems.push(base + '：应为对象，未填入');
      return problems;
    }
    for (const [k, v] of Object.entries(values)) {
      const input = def.properties[k] ? $(idOf(base + '.' + k)) : null;
      if (input) setInput(input, v, problems, base + '.' + k);
      else problems.push(base + '.' + k + '：表单没有这个字段，未填入（“按原文评估”会说明原因）');
    }
    return problems;
  }

  /** Fills the form with a case file's facts; returns what could not be filled in. */
  function fillCase(c) {
    clearForm();
    const problems = [];
    if (!c || typeof c !== 'object' || Array.isArray(c)) return ['$：案例应为一个 JSON 对象'];
    for (const [k, v] of Object.entries(c)) {
      const l = lists.find((x) => x.name === k);
      const s = singles.find((x) => x.name === k);
      if (k === 'enterprise') setObject(defs.Enterprise, '$.enterprise', v, problems);
      else if (l) {
        if (Array.isArray(v)) v.forEach((item, i) => { addItem(l, null); setObject(l.def, '$.' + k + '[' + i + ']', item, problems); });
        else if (v !== null) problems.push('$.' + k + '：应为列表，未填入');
      } else if (s) {
        if (v !== null) { openSingle(s); setObject(s.def, '$.' + k, v, problems); }
      } else if (schema.properties[k] && $(idOf('$.' + k))) setInput($(idOf('$.' + k)), v, problems, '$.' + k);
      else problems.push('$.' + k + '：表单没有这个字段，未填入（“按原文评估”会说明原因）');
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------------ errors

  function clearErrors() {
    document.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    $('form-error').textContent = '';
  }

  /** The element of a path, or of the nearest object that contains it. */
  function elementOf(path) {
    for (let p = path; p && p !== '$'; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      const e = $(idOf(p));
      if (e) return e;
      if (p === p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) break;
    }
    return null;
  }

  function focusPath(path) {
    let e = $(idOf(path));
    if (!e) {
      const m = /^\$\.([A-Za-z]+)/.exec(path);
      const s = m && singles.find((x) => x.name === m[1]);
      if (s) { openSingle(s); e = $(idOf(path)); }
    }
    e = e || elementOf(path);
    if (!e) return;
    e.scrollIntoView({ block: 'center' });
    if (e.tagName === 'FIELDSET') e.setAttribute('tabindex', '-1');
    e.focus({ preventScroll: true });
  }

  function fieldLink(path, text) {
    return el('a', { href: '#' + idOf(path), class: 'field-link', 'data-path': path,
      onclick: (ev) => { ev.preventDefault(); focusPath(path); } }, text);
  }

  /** An error of the API: beside its field when its path is one of the form's, and in the box. */
  function showError(box, e, where) {
    box.textContent = '';
    const lines = [el('strong', {}, e.status === 400 ? '案例有误：' : '无法评估：'), e.message || e.error || String(e)];
    const located = [];
    if (e.path) located.push('字段 ', el('code', {}, e.path));
    if (e.line) located.push('（' + where + '第 ' + e.line + ' 行' + (e.column ? '第 ' + e.column + ' 列' : '') + '）');
    const target = e.path ? $(idOf(e.path)) || elementOf(e.path) : null;
    if (target && target.tagName !== 'FIELDSET') {
      target.setAttribute('aria-invalid', 'true');
      const fe = $(target.id + '-error');
      if (fe) fe.textContent = e.message + (e.line ? '（' + e.path + '，第 ' + e.line + ':' + (e.column || 0) + '）' : '');
    }
    box.append(el('div', { class: 'error' }, el('p', {}, lines),
      located.length ? el('p', {}, located, target ? [' ', fieldLink(e.path, '到表单中的字段')] : null) : null,
      e.messageEn ? el('p', { class: 'meta', lang: 'en' }, e.messageEn) : null));
    if (target && target.tagName !== 'FIELDSET') focusPath(e.path); // the applicant sees the field and its error
  }

  // ------------------------------------------------------------------------------------------------ results

  function benefitText(b) {
    if (!b) return null;
    const parts = [b.kind];
    if (b.amountWan !== null && b.amountWan !== undefined) parts.push(b.amountWan + ' 万元');
    if (b.note) parts.push(b.note);
    return parts.filter(Boolean).join('；');
  }

  function outcomeCard(o) {
    const subject = o.subject || {};
    const conditions = el('ul', { class: 'conditions' });
    (o.met || []).forEach((m) => conditions.append(el('li', { class: 'met' }, el('span', { class: 'mark', 'aria-label': '满足' }, '✓ '), m.text)));
    (o.unmet || []).forEach((m) => conditions.append(el('li', { class: 'unmet' }, el('span', { class: 'mark', 'aria-label': '不满足' }, '✗ '), m.text)));
    (o.missing || []).forEach((m) => conditions.append(el('li', { class: 'missing' },
      el('span', { class: 'mark', 'aria-label': '缺少' }, '？ '), '缺少：', fieldLink(m.path, m.label || m.path),
      ' ', el('code', { class: 'path' }, m.path))));
    const w = words[o.clause];
    return el('article', { class: 'outcome status-' + o.status, 'data-clause': o.clause, 'data-status': o.status },
      el('div', { class: 'outcome-main' },
        el('h4', {}, el('a', { href: '/clauses/' + encodeURIComponent(o.clause) }, '第' + o.clause + '条'), ' ', o.title),
        el('p', { class: 'meta' }, (subject.typeLabel || subject.type || '') + (subject.description ? '：' + subject.description : ''),
          subject.path ? [' ', el('code', {}, subject.path)] : null, o.department ? ' · ' + o.department : null),
        benefitText(o.benefit) ? el('p', { class: 'benefit' }, benefitText(o.benefit)) : null,
        conditions.children.length ? conditions : null,
        el('p', { class: 'explanation' }, o.explanation),
        el('p', { class: 'meta rule' }, '规则：', o.rule)),
      w ? el('blockquote', { class: 'words', cite: '/clauses/' + o.clause }, w) : null);
  }

  function showResult(r, sentText) {
    const box = $('results-groups');
    box.textContent = '';
    $('results').hidden = false;
    $('results-summary').textContent = '申请主体：' + r.applicant + ' · 评估日期 ' + r.asOf + ' · '
      + (r.inForce ? '政策在有效期内' : '评估日期不在政策有效期内') + ' · 规则集 ' + r.ruleSet.hash.slice(0, 19) + '…';
    for (const [status, title, cls, note] of GROUPS) {
      const mine = r.outcomes.filter((o) => o.status === status);
      box.append(el('section', { class: 'group group-' + cls, id: 'group-' + cls },
        el('h3', {}, title, ' ', el('span', { class: 'count' }, '（' + mine.length + '）')),
        el('p', { class: 'meta' }, note),
        mine.length ? mine.map(outcomeCard) : el('p', { class: 'none' }, '没有。')));
    }
    $('case-json').textContent = sentText;
    $('results').scrollIntoView({ block: 'start' });
  }

  async function evaluate(text, errorBox, where) {
    clearErrors();
    $('paste-message').textContent = '';
    let r;
    try {
      r = await fetch('/api/evaluate?all=true', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    } catch (e) {
      showError(errorBox, { message: '服务器无法访问：' + e.message }, where);
      return;
    }
    const body = await r.json().catch(() => ({ message: 'HTTP ' + r.status }));
    if (!r.ok) {
      $('results').hidden = true;
      showError(errorBox, body, where);
      return;
    }
    showResult(body, text);
  }

  // ------------------------------------------------------------------------------------------------ paste, upload

  function message(parts, cls) {
    const box = $('paste-message');
    box.textContent = '';
    box.append(el('div', { class: cls || 'note' }, parts));
  }

  /** The pasted text as a case: JSON as it is, a register row through POST /api/register-row. */
  async function pastedCase() {
    const text = $('paste').value;
    if (!text.trim()) {
      message('请先粘贴案例 JSON 或登记表的表头行和一行数据，或选择一个文件。', 'error');
      return null;
    }
    if (text.trim().startsWith('{')) {
      try {
        return { json: text, value: parseJson(text) };
      } catch (e) {
        return { json: text, value: null, parseError: e.message };
      }
    }
    const r = await fetch('/api/register-row', { method: 'POST', headers: { 'Content-Type': 'text/tab-separated-values; charset=utf-8' }, body: text });
    const answer = await r.text();
    let body;
    try {
      body = r.ok ? parseJson(answer) : JSON.parse(answer);
    } catch (e) {
      body = { message: 'HTTP ' + r.status };
    }
    if (!r.ok) {
      showError($('paste-message'), body, '');
      return null;
    }
    return { json: null, value: body, register: true };
  }

  async function fill(andEvaluate) {
    const p = await pastedCase();
    if (!p) return;
    if (p.value === null) {
      if (andEvaluate) { await evaluate(p.json, $('paste-message'), '粘贴内容'); return; }
      message(['不是有效的 JSON：', p.parseError, '（“按原文评估”会给出行号和列号）'], 'error');
      return;
    }
    const problems = fillCase(p.value);
    const note = [p.register ? '已把登记表行转换为案例并填入表单。' : '已填入表单。'];
    if (problems.length) note.push(el('ul', {}, problems.map((x) => el('li', {}, x))));
    if (andEvaluate && p.json !== null) {
      await evaluate(p.json, $('paste-message'), '粘贴内容');
      if (problems.length) $('paste-message').append(el('div', { class: 'note' }, note));
    } else {
      message(note);
      if (andEvaluate) await evaluate(json(readCase()), $('form-error'), '发送的案例 JSON ');
    }
  }

  // ------------------------------------------------------------------------------------------------ start

  async function start() {
    try {
      const [s, d, cl] = await Promise.all([getJson('/api/schema'), getJson('/api/document'), getJson('/api/clauses')]);
      schema = s;
      defs = s.$defs;
      doc = d;
      cl.forEach((c) => { if (c.text) words[String(c.number)] = c.text; });
      $('doc-title').textContent = d.issuer + ' ' + d.number + '《' + d.title + '》';
    } catch (e) {
      $('form-fields').textContent = '';
      $('form-fields').append(el('p', { class: 'error' }, '无法载入表单（规则集可能仍在加载，请稍后刷新）：' + e.message));
      return;
    }
    buildForm();
    $('case-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      evaluate(json(readCase()), $('form-error'), '发送的案例 JSON ');
    });
    $('clear').addEventListener('click', () => { clearForm(); $('results').hidden = true; });
    $('fill').addEventListener('click', () => fill(false));
    $('evaluate-paste').addEventListener('click', () => fill(true));
    $('upload').addEventListener('change', async () => {
      const f = $('upload').files[0];
      if (!f) return;
      $('paste').value = await f.text();
      await fill(false);
      $('paste-message').prepend(el('p', { class: 'note' }, '已读取文件 ', el('code', {}, f.name), '。'));
    });
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', start);
})();
