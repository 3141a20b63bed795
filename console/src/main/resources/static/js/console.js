// The console's only script (no inline scripts: the Content Security Policy forbids them).
// 1. htmx requests carry the CSRF token from the page's meta tags.
// 2. Automatic logoff: a warning before the idle timeout, then sign-out (which also ends the identity provider's session).
(function () {
  'use strict';

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  document.addEventListener('htmx:configRequest', function (event) {
    var token = meta('_csrf');
    var header = meta('_csrf_header');
    if (token && header) {
      event.detail.headers[header] = token;
    }
  });

  var idleSeconds = parseInt(meta('console-idle-seconds') || '0', 10);
  var warningSeconds = parseInt(meta('console-idle-warning-seconds') || '0', 10);
  var warningTimer = null;
  var logoffTimer = null;

  function warning() {
    return document.getElementById('idle-warning');
  }

  function restartIdleTimers() {
    if (!idleSeconds || !document.getElementById('logout-form')) {
      return;
    }
    clearTimeout(warningTimer);
    clearTimeout(logoffTimer);
    if (warning()) {
      warning().hidden = true;
    }
    warningTimer = setTimeout(function () {
      if (warning()) {
        warning().hidden = false;
      }
    }, Math.max(0, idleSeconds - warningSeconds) * 1000);
    logoffTimer = setTimeout(function () {
      document.getElementById('logout-form').submit();
    }, idleSeconds * 1000);
  }

  // a user action renews the session on the server: an htmx request that is not the page's own polling
  document.addEventListener('htmx:beforeRequest', function (event) {
    var headers = event.detail.requestConfig && event.detail.requestConfig.headers;
    if (!headers || !headers['X-Console-Poll']) {
      restartIdleTimers();
    }
  });

  document.addEventListener('click', function (event) {
    var stay = event.target.closest ? event.target.closest('#stay-signed-in') : null;
    if (stay) {
      fetch(stay.getAttribute('data-url'), {credentials: 'same-origin'}).then(restartIdleTimers);
    }
  });

  document.addEventListener('DOMContentLoaded', restartIdleTimers);
}());
