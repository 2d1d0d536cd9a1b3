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
      // No emoticon → emoji replacement while typing: it would change a password unseen.
      emojiSet: false,
      sendBoxButtonColor: BRAND,
      sendBoxButtonColorOnHover: '#B92F0C',
      rootHeight: '100%',
      rootWidth: '100%',
    };
  }

  // What the channel stores and echoes instead of a secret answer (bot/directline SECRET_MASK).
  var SECRET_MASK = '\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022';

  function sensitiveInputOf(activity) {
    var data = activity && activity.channelData && activity.channelData.recoveryDesk;
    return data && typeof data.sensitiveInput === 'string' ? data.sensitiveInput : null;
  }

  function withText(activity, text) {
    var copy = Object.assign({}, activity);
    copy.text = text;
    return copy;
  }

  function withActivity(action, activity) {
    return Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: activity }) });
  }

  // The send box becomes a password field while the bot waits for a secret answer (the bot marks
  // such a question with channelData.recoveryDesk.sensitiveInput: 'password' or 'code'). Web Chat
  // renders its <input type="text"> once and never sets the type again, so the attributes are set
  // on the element, and set again whenever Web Chat puts a new send box in place or React writes
  // the value attribute.
  function guardSendBox(root) {
    var kind = null;
    function set(input, name, value) {
      if (value === null) input.removeAttribute(name);
      else if (input.getAttribute(name) !== value) input.setAttribute(name, value);
    }
    function apply() {
      var input = root.querySelector('input[data-id="webchat-sendbox-input"]');
      if (!input) return;
      if (kind) {
        if (input.type !== 'password') input.type = 'password';
        set(input, 'autocomplete', kind === 'code' ? 'one-time-code' : 'new-password');
        set(input, 'spellcheck', 'false');
        set(input, 'autocorrect', 'off');
        set(input, 'autocapitalize', 'off');
        set(input, 'data-rd-sensitive', kind);
        // React mirrors a controlled input's value into its value attribute; a secret must not
        // sit in the markup (where attribute selectors in a style sheet could read it).
        set(input, 'value', null);
      } else if (input.hasAttribute('data-rd-sensitive')) {
        input.type = 'text';
        ['autocomplete', 'spellcheck', 'autocorrect', 'autocapitalize', 'data-rd-sensitive'].forEach(function (name) {
          input.removeAttribute(name);
        });
      }
    }
    new window.MutationObserver(apply).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['value'] });
    return {
      expect: function (next) {
        kind = next;
        apply();
      },
    };
  }

  // Mirrors Web Chat's connection state into the header; a rejected connection shows the error.
  // Also keeps a secret answer out of sight: the send box is a password field at such a question,
  // and the shopper's own bubble shows the mask at once (the text still goes to the bot unchanged:
  // Web Chat posts its own copy of the activity, the store only gets the one shown).
  function createStore(shell, onFailure) {
    var sendBox = guardSendBox(shell.chat);
    var expected = null; // 'password', 'code' or null: what the bot's latest question waits for
    var answered = true; // the shopper sent something since that question
    var masked = new Set(); // clientActivityIDs of answers shown masked
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
          } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity) {
            var activity = action.payload.activity;
            var fromShopper = activity.from && activity.from.role === 'user';
            if (fromShopper) {
              answered = true;
              var id = activity.channelData && activity.channelData.clientActivityID;
              if (id && masked.has(id) && typeof activity.text === 'string' && activity.text !== SECRET_MASK) {
                action = withActivity(action, withText(activity, SECRET_MASK));
              }
            } else if (activity.type === 'message') {
              // Like the channel, a message after the question (an apology, an operator's line)
              // keeps it secret until the shopper has answered.
              var asks = sensitiveInputOf(activity);
              if (asks || answered) {
                expected = asks;
                answered = false;
                sendBox.expect(expected);
              }
            }
          } else if (action.type === 'DIRECT_LINE/POST_ACTIVITY_PENDING' && action.payload && action.payload.activity) {
            var outgoing = action.payload.activity;
            answered = true;
            if (expected && outgoing.type === 'message' && typeof outgoing.text === 'string') {
              masked.add(action.meta && action.meta.clientActivityID);
              action = withActivity(action, withText(outgoing, SECRET_MASK));
            }
          } else if (action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED' && action.payload && action.payload.activity) {
            if (action.meta && masked.has(action.meta.clientActivityID) && typeof action.payload.activity.text === 'string') {
              action = withActivity(action, withText(action.payload.activity, SECRET_MASK));
            }
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
