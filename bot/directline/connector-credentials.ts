import { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { ConnectorEndpoint } from './connector-endpoint.js';
import type { DirectLineTokens } from './tokens.js';

type ServiceClientCredentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;
type Request = Parameters<ServiceClientCredentials['signRequest']>[0];

/**
 * The bot's outgoing-call credentials, made aware of the Direct Line channel: a call to the
 * channel's own connector API carries a channel-issued connector token (HMAC, minutes long) instead
 * of a Microsoft token, which this server could not check offline and which would need a call to
 * Microsoft's login service to obtain. Every other call is signed exactly as before.
 *
 * Installed on the app's one BotFrameworkAuthentication, so replies during a turn and proactive
 * messages (adapter.continueConversationAsync with a stored ConversationReference) both reach
 * Web Chat, with or without a MicrosoftAppId.
 */
export class ChannelAwareCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly inner: ServiceClientCredentialsFactory,
    private readonly connector: ConnectorEndpoint,
    private readonly tokens: DirectLineTokens,
  ) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return this.inner.isValidAppId(appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return this.inner.isAuthenticationDisabled();
  }

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string, validateAuthority: boolean): Promise<ServiceClientCredentials> {
    const inner = await this.inner.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    return {
      signRequest: async (request: Request) => {
        if (!this.connector.owns(request.url)) return inner.signRequest(request);
        request.headers.set('authorization', `Bearer ${this.tokens.issueConnector()}`);
        return request;
      },
    };
  }
}
