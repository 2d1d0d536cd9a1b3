import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../core/config/config.js';

const SECRET = 'a-directory-secret-of-at-least-32-chars';

describe('the directory settings', () => {
  it('without DIRECTORY_URL the directory is the embedded one', () => {
    expect(loadConfig({}).directory).toBeNull();
  });

  it('DIRECTORY_URL with its secret selects the marketplace\'s services, with a 2 s deadline by default', () => {
    expect(loadConfig({ DIRECTORY_URL: 'https://directory.shop.example', DIRECTORY_SECRET: SECRET }).directory).toEqual({
      url: 'https://directory.shop.example',
      secret: SECRET,
      timeoutMs: 2000,
      tls: { certFile: undefined, keyFile: undefined, caFile: undefined },
    });
  });

  it.each([
    [{ DIRECTORY_URL: 'https://directory.shop.example' }, 'DIRECTORY_SECRET: is required with DIRECTORY_URL'],
    [{ DIRECTORY_URL: 'https://directory.shop.example', DIRECTORY_SECRET: 'short' }, 'DIRECTORY_SECRET: must be at least 32 characters'],
    [{ DIRECTORY_URL: 'ftp://directory.shop.example', DIRECTORY_SECRET: SECRET }, 'DIRECTORY_URL: must be an http(s) URL'],
    [{ DIRECTORY_URL: 'https://d.example', DIRECTORY_SECRET: SECRET, DIRECTORY_TLS_CERT: '/etc/rd/client.pem' }, 'DIRECTORY_TLS_KEY: DIRECTORY_TLS_CERT and DIRECTORY_TLS_KEY go together'],
    [
      { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', APP_SECRET: SECRET, DIRECTORY_URL: 'http://directory.shop.example', DIRECTORY_SECRET: SECRET },
      'DIRECTORY_URL: must be https in production',
    ],
  ])('refuses %o', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(problem);
  });
});
