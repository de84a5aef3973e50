/**
 * The explorer page's script: a plain view over `/api/view` (no framework). It
 * renders the session view and turns clicks and keys into API calls. Every call
 * carries the per-run token and this tab's id (one server session per tab); a
 * Take also sends the path and label it shows, so a stale page is refused rather
 * than acting on another state. Watch expressions are evaluated here, in the
 * page, over each step's plain state. NOTE: the view's key names must match
 * view.ts. Written without template literals so it can live in this TypeScript
 * string as is.
 */
export const explorerScript = String.raw`
'use strict';
var current = null;
var token = document.querySelector('meta[name="vigil-token"]').getAttribute('content');
var tab = sessionStorage.getItem('vigil-tab');
if (!tab) { tab = 't' + Math.random().toString(36).slice(2, 12); sessionStorage.setItem('vigil-tab', tab); }
var watches = JSON.parse(sessionStorage.getItem('vigil-watches') || '[]');
var polling = null;

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

function showError(text) {
  $('#error').textContent = text;
  if (text) { $('#message').textContent = ''; $('#message').className = ''; }
}

function call(route, body) {
  var headers = { 'x-vigil-token': token, 'x-vigil-tab': tab };
  var init = { headers: headers };
  if (body !== undefined) { init.method = 'POST'; headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
  return fetch('/api/' + route, init).then(function (response) {
    return response.json().then(function (data) {
      if (!response.ok) { showError(data.error || ('HTTP ' + response.status)); return false; }
      showError('');
      render(data);
      return true;
    });
  });
}

function render(view) {
  current = view;
  document.body.setAttribute('data-path', view.path);
  var constants = Object.keys(view.constants).map(function (k) { return k + ' = ' + view.constants[k]; }).join(', ');
  $('#constants').textContent = constants ? '(' + constants + ')' : '';
  $('#path').textContent = view.path;
  $('#permalink').setAttribute('href', '#' + view.permalink);
  if (location.hash.slice(1) !== view.permalink) history.replaceState(null, '', '#' + view.permalink);
  var message = $('#message');
  message.textContent = view.message || '';
  message.className = view.message ? view.messageKind : '';
  renderBranches(view);
  renderSteps(view);
  renderState(view);
  renderActions(view);
  renderProperties(view);
  renderWatches(view);
  renderSearch(view);
  renderLasso(view);
  renderTemporal(view);
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
    var item = el('li', { className: 'step' + (step.position === view.position ? ' current' : '') + (step.failure ? ' failed' : ''), 'data-position': String(step.position) }, [
      step.actor ? el('span', { className: 'actor', text: step.actor }) : null,
      el('span', { className: 'label', text: withoutActor(step.label, step.actor) }),
      step.source ? el('span', { className: 'source', text: step.source, title: 'declared at ' + step.source }) : null,
      step.failure ? el('span', { className: 'failure', text: step.failure }) : null,
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
    return el('tr', { className: (variable.changed ? 'changed' : '') + (variable.ghost ? ' ghost' : ''), 'data-var': variable.name }, [
      el('td', { className: 'name', text: variable.name }),
      el('td', { className: 'value', text: variable.value }),
    ]);
  }));
  $('#deadlock').hidden = !view.deadlock;
  var ghosts = view.state.filter(function (v) { return v.ghost; }).length;
  $('#ghost-toggle').hidden = ghosts === 0;
  $('#ghost-count').textContent = String(ghosts);
}

/** A lasso: where its loop goes back to, and why it breaks its temporal property. */
function renderLasso(view) {
  var loop = $('#loop');
  loop.hidden = !view.loop;
  if (view.loop) {
    loop.textContent = view.loop.stuttering
      ? '↺ stays in state ' + view.steps.length + ' for ever (stuttering)'
      : '↺ back to state ' + (view.loop.start + 1) + (view.loop.action ? ': ' + view.loop.action : '');
    var items = document.querySelectorAll('#steps li');
    if (items[view.loop.start]) items[view.loop.start].classList.add('loop-start');
  }
  $('#why').hidden = view.why.length === 0;
  $('#why-text').textContent = view.why.join('\n');
}

function renderTemporal(view) {
  $('#temporal-panel').hidden = view.temporal.length === 0;
  var list = $('#temporal');
  if (list.children.length === view.temporal.length) return;
  list.replaceChildren.apply(list, view.temporal.map(function (p) {
    var button = el('button', { type: 'button', className: 'find-lasso', text: 'Find a fair cycle violating it' });
    button.addEventListener('click', function () { button.disabled = true; call('lasso', { property: p.name }).then(function () { button.disabled = false; }); });
    return el('li', { 'data-name': p.name }, [el('code', { text: p.name }), button, p.description ? el('div', { className: 'hint', text: p.description }) : null]);
  }));
}

function take(action) {
  return call('take', { index: action.index, path: current.path, label: action.label });
}

function renderActions(view) {
  var list = $('#actions');
  var items = view.enabled.map(function (action) {
    var button = el('button', { type: 'button', className: 'take', text: 'Take' });
    button.addEventListener('click', function () { take(action); });
    var changes = action.changes.map(function (c) { return c.variable + ': ' + c.before + ' \u2192 ' + c.after; });
    var item = el('li', { className: 'action' + (action.onBranch ? ' on-branch' : ''), tabindex: '0', 'data-index': String(action.index), 'data-label': action.label }, [
      button,
      action.actor ? el('span', { className: 'actor', text: action.actor }) : null,
      el('span', { className: 'label', text: withoutActor(action.label, action.actor) }),
      el('span', { className: 'changes', text: changes.length ? changes.join('; ') : '(no change: a stuttering step)' }),
      action.violates.length ? el('span', { className: 'violates', text: 'violates ' + action.violates.join(', ') }) : null,
    ]);
    item.vigilAction = action;
    return item;
  });
  if (items.length === 0) items.push(el('li', { className: 'none', text: 'No enabled action.' }));
  list.replaceChildren.apply(list, items);
  var failures = $('#failures');
  failures.replaceChildren.apply(failures, view.failures.map(function (f) {
    return el('li', { className: 'failure', text: f.label + ' fails: ' + f.message });
  }));
}

var VERDICT = { invariant: ' is violated', possible: ' does not hold here', action: ' is violated by the step into this state', assertion: ' failed on the step into this state', deadlock: ': deadlocked here' };

function renderProperties(view) {
  var list = $('#properties');
  list.replaceChildren.apply(list, view.properties.map(function (p) {
    return el('li', { className: 'property', 'data-name': p.name, 'data-holds': String(p.holds), 'data-kind': p.kind }, [
      el('span', { className: 'name', text: p.name }),
      el('span', { className: 'kind', text: ' (' + p.kind + ')' }),
      el('span', { text: p.holds ? ' holds' : VERDICT[p.kind] }),
      p.description ? el('div', { className: 'description', text: p.description }) : null,
    ]);
  }));
  var select = $('#search-property');
  if (select.options.length !== view.properties.length) {
    select.replaceChildren.apply(select, view.properties.map(function (p) { return el('option', { value: p.kind + ':' + p.name, text: p.name + ' (' + p.kind + ')' }); }));
  }
}

function compile(expression) {
  try { return new Function('s', '"use strict"; return (' + expression + ');'); } catch (error) { return function () { throw error; }; }
}

function renderWatches(view) {
  var head = $('#watches thead');
  var body = $('#watches tbody');
  if (watches.length === 0) { head.replaceChildren(); body.replaceChildren(); return; }
  head.replaceChildren(el('tr', {}, [el('th', { text: '#' })].concat(watches.map(function (w, i) {
    var remove = el('button', { type: 'button', className: 'remove', text: '\u00d7', title: 'remove' });
    remove.addEventListener('click', function () { watches.splice(i, 1); saveWatches(); renderWatches(current); });
    return el('th', { className: 'watch', 'data-watch': w }, [el('code', { text: w }), remove]);
  }))));
  var functions = watches.map(compile);
  body.replaceChildren.apply(body, view.steps.map(function (step) {
    return el('tr', { className: step.position === view.position ? 'current' : '', 'data-position': String(step.position) }, [el('td', { text: String(step.position + 1) })].concat(functions.map(function (f) {
      var text;
      try { text = JSON.stringify(f(step.values)); } catch (error) { text = '\u26a0 ' + error.message; }
      return el('td', { className: 'watch-value', text: text === undefined ? 'undefined' : text });
    })));
  }));
}

function saveWatches() { sessionStorage.setItem('vigil-watches', JSON.stringify(watches)); }

function renderSearch(view) {
  var running = view.search && view.search.running;
  $('#search-cancel').hidden = !running;
  $('#search button[type="submit"]').disabled = !!running;
  var progress = $('#search-progress');
  progress.hidden = !running;
  if (running) progress.textContent = 'Searching for ' + view.search.property + ': ' + view.search.explored + ' of at most ' + view.search.limit + ' states\u2026';
  if (running && !polling) polling = setInterval(function () { call('view'); }, 300);
  if (!running && polling) { clearInterval(polling); polling = null; }
}

$('#show-ghosts').addEventListener('change', function (event) { $('#state').classList.toggle('show-ghosts', event.target.checked); });
$('#branch').addEventListener('change', function (event) { call('branch', { branch: Number(event.target.value) }); });
$('#back').addEventListener('click', function () { call('back', {}); });
$('#start').addEventListener('click', function () { call('start', { init: Number($('#init').value || 0) }); });
$('#search').addEventListener('submit', function (event) {
  event.preventDefault();
  var depth = $('#search-depth').value;
  var states = $('#search-states').value;
  call('search', { property: $('#search-property').value, want: $('#search-want').value, maxDepth: depth ? Number(depth) : undefined, maxStates: states ? Number(states) : undefined });
});
$('#search-cancel').addEventListener('click', function () { call('cancel', {}); });
$('#watch-form').addEventListener('submit', function (event) {
  event.preventDefault();
  var expression = $('#watch-input').value.trim();
  if (expression) { watches.push(expression); saveWatches(); $('#watch-input').value = ''; renderWatches(current); }
});

document.addEventListener('keydown', function (event) {
  if (!current || event.target.matches('input, select, textarea')) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    var next = current.position + (event.key === 'ArrowDown' ? 1 : -1);
    if (next >= 0 && next < current.steps.length) call('goto', { position: next });
    event.preventDefault();
  } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
    var actions = Array.prototype.slice.call(document.querySelectorAll('li.action'));
    if (actions.length === 0) return;
    var at = actions.indexOf(document.activeElement.closest ? document.activeElement.closest('li.action') : null);
    var target = at < 0 ? 0 : (at + (event.key === 'ArrowRight' ? 1 : actions.length - 1)) % actions.length;
    actions[target].focus();
    event.preventDefault();
  } else if (event.key === 'Enter') {
    var focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest('li.action') : null;
    if (focused && focused.vigilAction) { take(focused.vigilAction); event.preventDefault(); }
  } else if (event.key === 'Backspace') {
    call('back', {});
    event.preventDefault();
  }
});

var wanted = decodeURIComponent(location.hash.slice(1));
call('view').then(function () {
  if (wanted && current && wanted !== current.path && wanted !== current.permalink) call('path', { path: wanted });
});
`;
