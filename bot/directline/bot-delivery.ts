import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';

export type TurnLogic = (context: TurnContext) => Promise<void>;
/** The app's turn for an activity that came from this client address (for per-client limits). */
export type RunTurn = (clientAddress: string) => TurnLogic;

/**
 * Hands activities to the bot the way the Bot Framework service would, but in-process: through the
 * app's CloudAdapter (its middleware and onTurnError apply), never by calling the bot itself.
 * The channel authenticated the shopper; the turn's identity is the bot's own app id, and its
 * connector factory signs replies for the channel's connector (see ChannelAwareCredentialsFactory).
 */
export class BotDelivery {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly auth: BotFrameworkAuthentication,
    private readonly runTurn: RunTurn,
    private readonly appId: string | undefined,
  ) {}

  async deliver(activity: Partial<Activity>, clientAddress: string): Promise<void> {
    const claimsIdentity = new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: this.appId ?? '' },
        { type: AuthenticationConstants.AppIdClaim, value: this.appId ?? '' },
      ],
      true,
    );
    await this.adapter.processActivityDirect(
      {
        audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
        claimsIdentity,
        connectorFactory: this.auth.createConnectorFactory(claimsIdentity),
      },
      activity as Activity,
      this.runTurn(clientAddress),
    );
  }
}
