// The shopper's chat widget: builds the header and Bot Framework Web Chat inside a host element,
// on our own /chat page or on a shop's page (see the embed snippet in README.md).
// Configuration comes from this script tag's data- attributes; no inline script anywhere, so the
// page can run under a Content-Security-Policy without 'unsafe-inline' for scripts.
(function () {
  'use strict';

  var script = document.currentScript;
  var chatBase = new URL('.', script.src); // …/chat/
  var directLineDomain = new URL('../v3/directline', chatBase).href;
  var STORAGE_KEY = 'recovery-desk.chat.v1';
  var REFRESH_EVERY_MS = 10 * 60 * 1000;
  var TAGS = { ru: 'ru-RU', uk: 'uk-UA', pl: 'pl-PL', en: 'en-US' };
  var BRAND = '#D93A12';

  // ?locale= wins, then the embedding page's data-locale, then the browser's languages.
  function pickLanguage() {
    var candidates = [new URLSearchParams(location.search).get('locale'), script.dataset.locale]
      .concat(navigator.languages || [])
      .concat([navigator.language]);
    for (var i = 0; i < candidates.length; i++) {
      var primary = String(candidates[i] || '').trim().toLowerCase().split(/[-_]/)[0];
      if (primary === 'ua') primary = 'uk';
      if (Object.prototype.hasOwnProperty.call(TAGS, primary)) return primary;
    }
    return 'en';
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function buildShell(host, strings) {
    var widget = element('section', 'rd-widget');
    widget.setAttribute('aria-label', strings.title);
    var header = element('header', 'rd-header');
    var avatar = element('img', 'rd-header__avatar');
    avatar.src = new URL('avatar.svg', chatBase).href;
    avatar.alt = strings.avatarAlt;
    var text = element('div', 'rd-header__text');
    var title = element('h1', 'rd-header__title', strings.title);
    var subtitle = element('span', 'rd-header__subtitle', strings.subtitle);
    var status = element('span', 'rd-header__status', strings.status.connecting);
    status.setAttribute('role', 'status');
    text.append(title, subtitle, status);
    header.append(avatar, text);
    var notice = element('p', 'rd-notice', strings.notice);
    var chat = element('div', 'rd-chat');
    var error = element('div', 'rd-error');
    error.hidden = true;
    error.setAttribute('role', 'alert');
    var errorText = element('p', '', strings.error);
    var retry = element('button', 'rd-error__retry', strings.retry);
    retry.type = 'button';
    error.append(errorText, retry);
    widget.append(header, notice, chat, error);
    host.replaceChildren(widget);
    return {
      chat: chat,
      setStatus: function (state) {
        status.dataset.state = state;
        status.textContent = strings.status[state];
      },
      fail: function (onRetry) {
        chat.hidden = true;
        error.hidden = false;
        retry.onclick = onRetry;
      },
    };
  }

  function readSession() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      return saved && typeof saved.token === 'string' && typeof saved.conversationId === 'string' ? saved : null;
    } catch {
      return null;
    }
  }

  function saveSession(session) {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ conversationId: session.conversationId, token: session.token }));
    } catch {
      // Storage may be disabled; the chat still works, it just will not survive a reload.
    }
  }

  function forgetSession() {
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing to forget.
    }
  }

  async function postJson(path, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    var response = await fetch(directLineDomain + path, {
      method: 'POST',
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'omit',
    });
    return { ok: response.ok, status: response.status, body: response.ok ? await response.json() : null };
  }

  // The same conversation after a reload (its token renewed), else a new one for this language.
  async function openSession(language) {
    var saved = readSession();
    if (saved) {
      var renewed = await postJson('/tokens/refresh', saved.token);
      if (renewed.ok && renewed.body.conversationId === saved.conversationId) {
        return { conversationId: saved.conversationId, token: renewed.body.token, resumed: true };
      }
      forgetSession();
    }
    var generated = await postJson('/tokens/generate', null, { locale: TAGS[language] });
    if (!generated.ok) throw new Error('token generation failed with status ' + generated.status);
    return { conversationId: generated.body.conversationId, token: generated.body.token, resumed: false };
  }

  var refreshTimer = null;

  // Keeps the stored token fresh so that a reload later in a long chat still resumes it.
  function keepTokenFresh(session) {
    clearInterval(refreshTimer);
    refreshTimer = setInterval(async function () {
      var renewed = await postJson('/tokens/refresh', session.token).catch(function () {
        return { ok: false };
      });
      if (renewed.ok) {
        session.token = renewed.body.token;
        saveSession(session);
      }
    }, REFRESH_EVERY_MS);
  }

  function styleOptions() {
    return {
      accent: BRAND,
      backgroundColor: '#F7F8FA',
      primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      botAvatarImage: new URL('avatar.svg', chatBase).href,
      botAvatarInitials: 'MH',
      avatarSize: 36,
      bubbleBackground: '#FFFFFF',
      bubbleBorderColor: '#E3E6EB',
      bubbleBorderWidth: 1,
      bubbleBorderRadius: 14,
      bubbleFromUserBackground: BRAND,
      bubbleFromUserBorderColor: BRAND,
      bubbleFromUserBorderRadius: 14,
      bubbleFromUserTextColor: '#FFFFFF',
      suggestedActionLayout: 'flow',
      suggestedActionBackgroundColor: '#FFFFFF',
      suggestedActionBorderColor: BRAND,
      suggestedActionBorderRadius: 18,
      suggestedActionBorderWidth: 1,
      suggestedActionTextColor: BRAND,
      suggestedActionHeight: 36,
      hideUploadButton: true,
      sendBoxButtonColor: BRAND,
      sendBoxButtonColorOnHover: '#B92F0C',
      rootHeight: '100%',
      rootWidth: '100%',
    };
  }

  // Mirrors Web Chat's connection state into the header; a rejected connection shows the error.
  function createStore(shell, onFailure) {
    return window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' || action.type === 'DIRECT_LINE/RECONNECT_FULFILLED') {
            shell.setStatus('online');
          } else if (action.type === 'DIRECT_LINE/RECONNECT_PENDING') {
            shell.setStatus('offline');
          } else if (action.type === 'DIRECT_LINE/CONNECT_REJECTED') {
            onFailure();
          } else if (action.type === 'DIRECT_LINE/UPDATE_CONNECTION_STATUS' && action.payload) {
            // 3: expired token, 4: failed to connect, 5: ended (directlinejs ConnectionStatus).
            if (action.payload.connectionStatus >= 3) onFailure();
          }
          return next(action);
        };
      };
    });
  }

  var current = null; // the running Web Chat connection, ended before a retry

  async function start(host) {
    if (current) current.end();
    current = null;
    var language = pickLanguage();
    if (script.dataset.page === 'chat') document.documentElement.lang = language;
    var response = await fetch(new URL('widget.json', chatBase).href, { credentials: 'omit' });
    var catalog = await response.json();
    var strings = catalog.locales[language];
    if (script.dataset.page === 'chat') document.title = strings.title;
    var shell = buildShell(host, strings);
    // A retry resumes the stored conversation when its token still holds, else starts a new one.
    var retry = function () {
      start(host);
    };
    try {
      if (!window.WebChat) throw new Error('Web Chat did not load');
      var session = await openSession(language);
      saveSession(session);
      keepTokenFresh(session);
      var directLine = window.WebChat.createDirectLine({
        domain: directLineDomain,
        token: session.token,
        // A resumed conversation reconnects (GET …/conversations/:id) and, with no watermark,
        // receives its whole history once; a new one is started with the token alone.
        conversationId: session.resumed ? session.conversationId : undefined,
        webSocket: true,
      });
      current = directLine;
      var failed = false;
      var onFailure = function () {
        if (failed) return;
        failed = true;
        shell.fail(retry);
      };
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: createStore(shell, onFailure),
          locale: TAGS[language],
          styleOptions: styleOptions(),
          overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: strings.placeholder },
          nonce: script.nonce || undefined,
        },
        shell.chat,
      );
    } catch {
      shell.fail(retry);
    }
  }

  var host = document.getElementById(script.dataset.target || 'recovery-desk-chat');
  if (host) start(host);
})();
