/*
 * A stand-in for Zendesk's ZAF SDK (zaf_sdk.min.js) in the page tests: ZAFClient.init() answers get(), metadata()
 * (the non-secure settings only, as Zendesk does), context(), invoke('resize') and on('app.registered'); request()
 * posts the options to the test server's /proxy, which, like Zendesk's proxy, fills in {{setting.token}} server-side
 * and forwards to Kairos. The test server appends ZAFStandIn.configure({...}) with the ticket, agent and settings.
 */
(function () {
  'use strict';

  var config = { ticket: {}, currentUser: {}, settings: {} };
  var handlers = {};
  var log = { resizes: [], requests: [] };

  function lookup(path) {
    return path.split('.').reduce(function (value, part) {
      return value === undefined || value === null ? undefined : value[part];
    }, { ticket: config.ticket, currentUser: config.currentUser });
  }

  function emit(event, data) {
    (handlers[event] || []).forEach(function (handler) {
      handler(data);
    });
  }

  var client = {
    get: function (paths) {
      var answer = { errors: {} };
      (Array.isArray(paths) ? paths : [paths]).forEach(function (path) {
        answer[path] = lookup(path);
      });
      return Promise.resolve(answer);
    },
    metadata: function () {
      return Promise.resolve({ appId: 0, installationId: 1, name: 'Kairos', version: 'stand-in',
        settings: JSON.parse(JSON.stringify(config.settings)) });
    },
    context: function () {
      return Promise.resolve({ product: 'support', location: 'ticket_sidebar', instanceGuid: 'stand-in',
        ticketId: config.ticket.id });
    },
    invoke: function (name, argument) {
      if (name === 'resize') {
        log.resizes.push(argument);
      }
      return Promise.resolve({});
    },
    on: function (event, handler) {
      (handlers[event] = handlers[event] || []).push(handler);
    },
    request: function (options) {
      log.requests.push(options.type + ' ' + options.url);
      return fetch('/proxy', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options) }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        var json = null;
        try {
          json = answer.body ? JSON.parse(answer.body) : null;
        } catch (notJson) {
          json = null;
        }
        if (answer.status >= 200 && answer.status < 300) {
          return json;
        }
        // What ZAF rejects with: the jqXHR-like response of the proxy.
        return Promise.reject({ status: answer.status, responseText: answer.body, responseJSON: json });
      });
    }
  };

  // As with the real SDK, init() starts the handshake and app.registered follows it, after the caller's handlers
  // are on.
  window.ZAFClient = {
    init: function () {
      setTimeout(function () {
        client.metadata().then(function (metadata) {
          emit('app.registered', { metadata: metadata, context: { product: 'support', location: 'ticket_sidebar' } });
        });
      }, 0);
      return client;
    }
  };
  window.ZAFStandIn = {
    log: log,
    configure: function (settings) {
      config = settings;
    }
  };
}());
