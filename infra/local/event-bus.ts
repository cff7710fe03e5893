/**
 * The local stand-in for the EventBridge rules of the functions that consume SES events: each
 * event goes to every function whose definition names its type, at once, retried a few times
 * with back-off when the function fails (EventBridge retries for up to a day, then keeps the
 * event in the dead-letter queue; locally a failure that outlasts the retries is logged).
 */
import type { FunctionDefinition } from '#shared/function-definition';
import type { FunctionName } from '../../functions/index.ts';
import type { SesEvent } from './ses.ts';

const attempts = 5;

export class LocalEventBus {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly consumers: readonly { name: FunctionName; definition: FunctionDefinition }[],
    private readonly invoke: (name: FunctionName, event: SesEvent) => Promise<unknown>,
    private readonly log: (message: string, detail?: Record<string, unknown>) => void = () => undefined,
  ) {}

  publish(type: NonNullable<FunctionDefinition['emailEvents']>[number], event: SesEvent): void {
    for (const { name, definition } of this.consumers) {
      if (!definition.emailEvents?.includes(type)) continue;
      const delivery = this.deliver(name, event).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Waits for the events in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(name: FunctionName, event: SesEvent): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        await this.invoke(name, event);
        return;
      } catch (error) {
        if (attempt === attempts) this.log('An SES event failed every retry', { consumer: name, detailType: event['detail-type'], error: String(error) });
        else await new Promise((resolveDelay) => setTimeout(resolveDelay, 100 * 2 ** attempt));
      }
    }
  }
}
