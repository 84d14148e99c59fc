// Small DOM helpers: elements are built with text nodes only (never innerHTML with data), so nothing a member
// typed can run in an owner's browser.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  append(main, children);
  return main;
}

let toastTimer = null;
export function toast(message, bad = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = bad ? 'toast bad' : 'toast';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 5000);
}

export function announce(message) {
  const el = document.getElementById('announce');
  el.textContent = '';
  setTimeout(() => (el.textContent = message), 50);
}

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled control with a hint and a slot for the API's error about `field` (dotted settings path). */
export function field(label, control, { hint, fieldName } = {}) {
  const id = control.id || nextId('f');
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (fieldName) control.dataset.field = fieldName;
  return h(
    'div',
    { class: 'field', dataset: fieldName ? { for: fieldName } : undefined },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('div', { class: 'error', id: errorId, role: 'alert' }),
  );
}

export function checkbox(label, checked, { hint, fieldName, onchange } = {}) {
  const id = nextId('c');
  const input = h('input', { type: 'checkbox', id, checked, onchange });
  if (fieldName) input.dataset.field = fieldName;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', `${hintId} ${id}-error`);
  return h(
    'div',
    { class: 'check' },
    input,
    h('div', {}, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, h('div', { class: 'error', id: `${id}-error`, role: 'alert' })),
  );
}

/** Shows the API's error next to the control whose data-field matches (or its closest parent setting). */
export function showFieldError(form, error) {
  clearErrors(form);
  const name = error.field ?? '';
  let control = null;
  for (let path = name; path && !control; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    control = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
  }
  if (!control) return false;
  control.setAttribute('aria-invalid', 'true');
  const slot = document.getElementById(`${control.id}-error`) ?? control.closest('.field, .check, fieldset')?.querySelector('.error');
  if (slot) slot.textContent = error.message;
  control.focus();
  return true;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.error')) el.textContent = '';
}

/** Checkboxes for choosing ids by name (channels, roles). */
export function pickList(legend, options, selected, { hint, fieldName, empty } = {}) {
  const chosen = new Set(selected);
  const set = h('fieldset', { dataset: fieldName ? { field: fieldName } : undefined, tabIndex: -1 }, h('legend', {}, legend));
  if (fieldName) set.id = nextId('p');
  if (hint) set.append(h('p', { class: 'hint' }, hint));
  if (options.length === 0) set.append(h('p', { class: 'muted' }, empty ?? 'Nothing to choose from.'));
  for (const option of options) {
    const id = nextId('o');
    set.append(
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id, value: option.id, checked: chosen.has(option.id) }), h('label', { for: id, class: 'inline' }, option.label)),
    );
  }
  set.append(h('div', { class: 'error', id: set.id ? `${set.id}-error` : undefined, role: 'alert' }));
  set.values = () => [...set.querySelectorAll('input[type=checkbox]:checked')].map((input) => input.value);
  return set;
}

export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
