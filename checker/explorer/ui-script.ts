/**
 * The explorer page's script: a plain view over `/api/view` (no framework). It
 * renders the session view and turns clicks into API calls. NOTE: the view's key
 * names must match view.ts. Written without template literals so it can live in
 * this TypeScript string as is.
 */
export const explorerScript = String.raw`
'use strict';
var current = null;

function $(selector) { return document.querySelector(selector); }

function el(tag, attributes, children) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (key) {
    if (key === 'text') node.textContent = attributes[key];
    else if (key === 'className') node.className = attributes[key];
    else node.setAttribute(key, attributes[key]);
  });
  (children || []).forEach(function (child) { if (child) node.appendChild(child); });
  return node;
}

function call(route, body) {
  var init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return fetch('/api/' + route, init).then(function (response) {
    return response.json().then(function (data) {
      if (!response.ok) { $('#error').textContent = data.error || ('HTTP ' + response.status); return; }
      $('#error').textContent = '';
      render(data);
    });
  });
}

function render(view) {
  current = view;
  document.body.setAttribute('data-path', view.path);
  var constants = Object.keys(view.constants).map(function (k) { return k + ' = ' + view.constants[k]; }).join(', ');
  $('#constants').textContent = constants ? '(' + constants + ')' : '';
  $('#path').textContent = view.path;
  if (location.hash.slice(1) !== view.path) history.replaceState(null, '', '#' + view.path);
  $('#message').textContent = view.message || '';
  renderBranches(view);
  renderSteps(view);
  renderState(view);
  renderActions(view);
  renderProperties(view);
  $('#back').disabled = view.position === 0;
}

function renderBranches(view) {
  var select = $('#branch');
  select.replaceChildren.apply(select, view.branches.map(function (b) {
    var option = el('option', { value: String(b.id), text: b.name + ' (' + b.length + ' states)' });
    option.selected = b.id === view.branch;
    return option;
  }));
  var init = $('#init');
  if (init.options.length !== view.initialStates) {
    var options = [];
    for (var i = 0; i < view.initialStates; i++) options.push(el('option', { value: String(i), text: '#' + i }));
    init.replaceChildren.apply(init, options);
  }
}

/** The label without its "U1: " prefix when the actor is shown beside it. */
function withoutActor(label, actor) {
  return actor && label.indexOf(actor + ': ') === 0 ? label.slice(actor.length + 2) : label;
}

function renderSteps(view) {
  var list = $('#steps');
  list.replaceChildren.apply(list, view.steps.map(function (step) {
    var item = el('li', { className: 'step' + (step.position === view.position ? ' current' : ''), 'data-position': String(step.position) }, [
      step.actor ? el('span', { className: 'actor', text: step.actor }) : null,
      el('span', { className: 'label', text: withoutActor(step.label, step.actor) }),
      step.changes.length ? el('span', { className: 'changes', text: step.changes.join(', ') }) : null,
    ]);
    item.addEventListener('click', function () { call('goto', { position: step.position }); });
    return item;
  }));
}

function renderState(view) {
  $('#state-title').textContent = '(state ' + (view.position + 1) + ' of ' + view.steps.length + ')';
  var body = $('#state tbody');
  body.replaceChildren.apply(body, view.state.map(function (variable) {
    return el('tr', { className: variable.changed ? 'changed' : '', 'data-var': variable.name }, [
      el('td', { className: 'name', text: variable.name }),
      el('td', { className: 'value', text: variable.value }),
    ]);
  }));
  $('#deadlock').hidden = !view.deadlock;
}

function renderActions(view) {
  var list = $('#actions');
  var items = view.enabled.map(function (action) {
    var button = el('button', { type: 'button', className: 'take', text: 'Take' });
    button.addEventListener('click', function () { call('take', { index: action.index }); });
    var changes = action.changes.map(function (c) { return c.variable + ': ' + c.before + ' \u2192 ' + c.after; });
    return el('li', { className: 'action' + (action.onBranch ? ' on-branch' : ''), 'data-index': String(action.index), 'data-label': action.label }, [
      button,
      action.actor ? el('span', { className: 'actor', text: action.actor }) : null,
      el('span', { className: 'label', text: withoutActor(action.label, action.actor) }),
      el('span', { className: 'changes', text: changes.length ? changes.join('; ') : '(no change: a stuttering step)' }),
      action.violates.length ? el('span', { className: 'violates', text: 'violates ' + action.violates.join(', ') }) : null,
    ]);
  });
  if (items.length === 0) items.push(el('li', { className: 'none', text: 'No enabled action.' }));
  list.replaceChildren.apply(list, items);
  var failures = $('#failures');
  failures.replaceChildren.apply(failures, view.failures.map(function (f) {
    return el('li', { className: 'failure', text: f.label + ' fails: ' + f.message });
  }));
}

function renderProperties(view) {
  var list = $('#properties');
  list.replaceChildren.apply(list, view.properties.map(function (p) {
    return el('li', { className: 'property', 'data-name': p.name, 'data-holds': String(p.holds), 'data-kind': p.kind }, [
      el('span', { className: 'name', text: p.name }),
      el('span', { text: p.holds ? ' holds' : (p.kind === 'invariant' ? ' is violated' : ' does not hold') }),
      p.description ? el('div', { className: 'description', text: p.description }) : null,
    ]);
  }));
  var select = $('#search-property');
  if (select.options.length !== view.properties.length) {
    select.replaceChildren.apply(select, view.properties.map(function (p) { return el('option', { value: p.name, text: p.name }); }));
  }
}

$('#branch').addEventListener('change', function (event) { call('branch', { branch: Number(event.target.value) }); });
$('#back').addEventListener('click', function () { call('back', {}); });
$('#start').addEventListener('click', function () { call('start', { init: Number($('#init').value || 0) }); });
$('#search').addEventListener('submit', function (event) {
  event.preventDefault();
  var depth = $('#search-depth').value;
  call('search', { property: $('#search-property').value, want: $('#search-want').value, maxDepth: depth ? Number(depth) : undefined });
});

var wanted = location.hash.slice(1);
call('view').then(function () {
  if (wanted && current && wanted !== current.path) call('path', { path: wanted });
});
`;
