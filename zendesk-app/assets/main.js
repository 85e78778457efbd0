/*
 * Kairos in the ticket sidebar: who the requester is, what Kairos told them and why not more, and a hold.
 * Every request goes through client.request with secure: true, so Zendesk's proxy inserts the agent token and the
 * browser never holds it. Data is put into the page with textContent only, never as HTML.
 */
(function () {
  'use strict';

  var client = ZAFClient.init();
  var strings = {};
  var fallback = {};
  var locale = 'en';
  var state = { ticket: null, kairosUrl: null, agent: null };

  function byId(id) {
    return document.getElementById(id);
  }

  /** The UI string for key in the agent's language (English when missing), with {name} placeholders filled. */
  function t(key, values) {
    var text = strings[key] || fallback[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  /** A link only for http(s) addresses: a javascript: URL from a record must not become clickable. */
  function link(href, text) {
    if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) {
      return el('span', null, text);
    }
    var a = el('a', null, text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    return node;
  }

  function section(id, title) {
    var node = clear(byId(id));
    node.hidden = false;
    node.appendChild(el('h2', null, title));
    return node;
  }

  function when(iso) {
    if (!iso) {
      return '';
    }
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return String(iso);
    }
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    } catch (unknownLocale) {
      return date.toISOString().replace('T', ' ').substring(0, 16) + ' UTC';
    }
  }

  function day(isoDate) {
    if (!isoDate) {
      return '';
    }
    var date = new Date(isoDate + 'T00:00:00Z');
    if (isNaN(date.getTime())) {
      return String(isoDate);
    }
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
    } catch (unknownLocale) {
      return String(isoDate);
    }
  }

  function age(seconds) {
    var s = Math.max(0, Math.round(Number(seconds) || 0));
    if (s < 60) {
      return t('age.now');
    }
    if (s < 3600) {
      return t('age.minutes', { n: Math.round(s / 60) });
    }
    if (s < 86400) {
      return t('age.hours', { n: Math.round(s / 3600) });
    }
    return t('age.days', { n: Math.round(s / 86400) });
  }

  function decisionLabel(decision) {
    switch (decision) {
      case 'SENT': return t('decision.sent');
      case 'DEFERRED': return t('decision.deferred');
      case 'SUPPRESSED': return t('decision.suppressed');
      case 'HELD_OUT': return t('decision.held_out');
      case 'PLANNED': return t('decision.planned');
      case 'FAILED': return t('decision.failed');
      case 'NEEDS_RECONCILE': return t('decision.needs_reconcile');
      case 'NOTED': return t('decision.noted');
      case 'REPLAYED': return t('decision.replayed');
      case 'AGENT_HOLD': return t('decision.agent_hold');
      case 'HOLD_LIFTED': return t('decision.hold_lifted');
      default: return String(decision || '');
    }
  }

  function resize() {
    client.invoke('resize', { width: '100%', height: Math.ceil(document.body.scrollHeight) + 'px' });
  }

  function status(text, isError) {
    var node = byId('status');
    node.textContent = text || '';
    node.className = isError ? 'error' : 'muted';
    node.hidden = !text;
    resize();
  }

  /** What an agent reads when Kairos answers with an error: the cause and what to do, never the raw body. */
  function failure(response) {
    var code = response && response.status;
    var body = response && (response.responseJSON || parse(response.responseText));
    var message = body && typeof body.message === 'string' ? body.message : '';
    if (code === 401) {
      return t('error.unauthorized');
    }
    if (code === 403) {
      return t('error.forbidden');
    }
    if (code === 404) {
      return message || t('error.not_found');
    }
    if (code === 400) {
      return message || t('error.bad_request');
    }
    if (code === 409) {
      return message || t('error.conflict');
    }
    if (code === 429) {
      return t('error.rate_limited');
    }
    // Kairos up but Zendesk not (502/503 with a message): say that, not that Kairos is down.
    return message || t('error.unreachable');
  }

  function parse(text) {
    try {
      return text ? JSON.parse(text) : null;
    } catch (notJson) {
      return null;
    }
  }

  function kairos(path, type, body) {
    var options = {
      url: state.kairosUrl + path,
      type: type,
      headers: { Authorization: 'Bearer {{setting.token}}' },
      secure: true,
      dataType: 'json',
      cors: false
    };
    if (body) {
      options.contentType = 'application/json';
      options.data = JSON.stringify(body);
    }
    return client.request(options);
  }

  function renderSource(context) {
    var node = byId('source');
    var source = context.source || {};
    node.hidden = false;
    node.className = 'source';
    if (source.salesforce === 'unavailable') {
      node.className = 'source warn';
      node.textContent = t('source.unavailable');
    } else if (context.stale) {
      node.className = 'source warn';
      node.textContent = t('source.stale', { age: age(source.ageSeconds) });
    } else if (source.salesforce === 'cached') {
      node.textContent = t('source.cached', { age: age(source.ageSeconds) });
    } else {
      node.textContent = t('source.live');
    }
  }

  function renderWho(context) {
    var requester = context.requester || {};
    var customer = context.customer;
    var node = section('who', t('who.title'));
    if (context.known === false) {
      node.appendChild(el('div', 'name', t('who.unknown')));
      node.appendChild(el('div', 'meta', t('who.unknown_detail', { email: requester.email || '' })));
      return;
    }
    if (!customer) {
      node.appendChild(el('div', 'name', requester.name || requester.email || ''));
      node.appendChild(el('div', 'meta', requester.email || ''));
      return;
    }
    node.appendChild(el('div', 'name', customer.name || requester.name || customer.email));
    node.appendChild(el('div', 'meta', customer.email));
    var account = el('div', 'account');
    account.appendChild(link(customer.accountUrl, customer.account || t('who.no_account')));
    if (customer.tier) {
      account.appendChild(document.createTextNode(' · ' + t('who.tier', { tier: customer.tier })));
    }
    node.appendChild(account);
    if (customer.owner) {
      node.appendChild(el('div', 'meta', t('who.owner', { owner: customer.owner })));
    }
    var records = el('div', 'meta');
    records.appendChild(link(customer.contactUrl, t('who.contact_record')));
    node.appendChild(records);
  }

  function renderList(id, title, items, empty, render) {
    var node = section(id, title);
    var list = el('ul');
    (items || []).forEach(function (item) {
      var li = el('li');
      render(item, li);
      list.appendChild(li);
    });
    if (!list.firstChild) {
      node.appendChild(el('div', 'muted', empty));
    } else {
      node.appendChild(list);
    }
  }

  function renderOrders(context) {
    if (!context.customer) {
      byId('orders').hidden = true;
      return;
    }
    renderList('orders', t('orders.title'), context.ordersAtRisk, t('orders.none'), function (order, li) {
      li.appendChild(link(order.url, t('orders.order', { number: order.orderNumber })));
      li.appendChild(document.createTextNode(' · ' + (order.status || '')));
      if (order.expectedDelivery) {
        li.appendChild(el('div', 'meta', t('orders.expected', { date: day(order.expectedDelivery) })));
      }
    });
  }

  function renderIssues(context) {
    if (!context.customer) {
      byId('issues').hidden = true;
      return;
    }
    renderList('issues', t('issues.title'), context.knownIssues, t('issues.none'), function (issue, li) {
      li.appendChild(el('div', 'name-small', issue.name));
      li.appendChild(el('div', 'meta', [issue.product, issue.status].filter(Boolean).join(' · ')));
      if (issue.summary) {
        li.appendChild(el('div', null, issue.summary));
      }
      if (issue.problemTicket) {
        var problem = el('div', 'meta');
        problem.appendChild(link(issue.problemTicketUrl, t('issues.problem_ticket', { id: issue.problemTicket })));
        li.appendChild(problem);
      }
    });
  }

  function entry(decision, item, li) {
    li.appendChild(el('span', 'badge ' + decision, decisionLabel(decision)));
    li.appendChild(el('span', 'meta', when(item.at)));
    li.appendChild(el('div', null, item.sentence || ''));
    li.appendChild(el('div', 'meta', [item.kind, item.channel].filter(Boolean).join(' · ')));
  }

  function renderTimeline(context) {
    renderList('planned', t('planned.title'), context.planned, t('planned.none'), function (item, li) {
      entry('PLANNED', item, li);
    });
    renderList('timeline', t('timeline.title'), context.timeline, t('timeline.none'), function (item, li) {
      entry(item.decision, item, li);
    });
  }

  function renderHold(hold) {
    var node = clear(byId('hold'));
    if (!hold) {
      node.hidden = true;
      return;
    }
    node.hidden = false;
    node.appendChild(el('div', 'name-small', t('hold.banner', { until: when(hold.until) })));
    node.appendChild(el('div', 'meta', t('hold.by', { by: hold.by || '' })));
    if (hold.reason) {
      node.appendChild(el('div', 'meta', hold.reason));
    }
    var lift = el('button', null, t('hold.lift'));
    lift.type = 'button';
    lift.id = 'lift-hold';
    lift.addEventListener('click', liftHold);
    node.appendChild(lift);
  }

  function render(context) {
    status('');
    renderHold(context.hold);
    renderSource(context);
    renderWho(context);
    renderOrders(context);
    renderIssues(context);
    renderTimeline(context);
    byId('actions').hidden = false;
    resize();
  }

  function busy(isBusy) {
    ['hold-button', 'refresh', 'lift-hold'].forEach(function (id) {
      var button = byId(id);
      if (button) {
        button.disabled = isBusy;
      }
    });
  }

  function load(refresh) {
    busy(true);
    status(t('loading'));
    var path = '/api/agent/context?ticket=' + encodeURIComponent(state.ticket) + (refresh ? '&refresh=true' : '');
    return kairos(path, 'GET').then(render, function (response) {
      status(failure(response), true);
    }).then(function () {
      busy(false);
    });
  }

  function hold() {
    var days = parseInt(byId('hold-days').value, 10);
    busy(true);
    kairos('/api/agent/hold', 'POST', { ticket: Number(state.ticket), days: days, agent: state.agent })
      .then(function () {
        return load(false);
      }, function (response) {
        busy(false);
        status(failure(response), true);
      });
  }

  function liftHold() {
    busy(true);
    var path = '/api/agent/hold?ticket=' + encodeURIComponent(state.ticket)
      + '&agent=' + encodeURIComponent(state.agent || '');
    kairos(path, 'DELETE').then(function () {
      return load(false);
    }, function (response) {
      busy(false);
      status(failure(response), true);
    });
  }

  /** The agent's language ('de-CH' reads 'de'); English strings stand in for a missing file or key. */
  function loadStrings(agentLocale) {
    var language = String(agentLocale || 'en').toLowerCase().split(/[-_]/)[0];
    locale = agentLocale || 'en';
    function fetchStrings(name) {
      return fetch('i18n/' + name + '.json').then(function (response) {
        return response.ok ? response.json() : { ui: {} };
      }).then(function (json) {
        return json.ui || {};
      }, function () {
        return {};
      });
    }
    return fetchStrings('en').then(function (english) {
      fallback = english;
      strings = english;
      if (language === 'en') {
        return;
      }
      return fetchStrings(language).then(function (own) {
        strings = own;
      });
    });
  }

  function labelActions() {
    byId('hold-label').textContent = t('hold.label');
    byId('hold-button').textContent = t('hold.button');
    byId('refresh').textContent = t('refresh');
    Array.prototype.forEach.call(byId('hold-days').options, function (option) {
      option.textContent = option.value === '1' ? t('hold.one_day') : t('hold.days', { n: option.value });
    });
    byId('hold-button').addEventListener('click', hold);
    byId('refresh').addEventListener('click', function () {
      load(true);
    });
  }

  client.on('app.registered', function () {
    Promise.all([client.get(['ticket.id', 'currentUser', 'currentUser.locale']), client.metadata()]).then(function (answers) {
      var data = answers[0];
      var settings = (answers[1] && answers[1].settings) || {};
      var user = data.currentUser || {};
      state.ticket = data['ticket.id'];
      state.agent = user.name || '';
      state.kairosUrl = String(settings.kairos_url || '').replace(/\/+$/, '');
      return loadStrings(data['currentUser.locale'] || user.locale).then(function () {
        labelActions();
        if (!state.kairosUrl) {
          status(t('error.no_url'), true);
          return;
        }
        return load(false);
      });
    });
  });
}());
