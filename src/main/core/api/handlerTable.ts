/**
 * The handlers' side of the contract, derived once: every method of the contract
 * paired with its handler, for the adapters that carry calls (IPC in the desktop
 * app, HTTP under `atelier serve`). An adapter validates with `parse` at its edge,
 * then `run`s the handler on what `parse` returned.
 */
import { type AtelierHandlers, channels, parseInput, type ServiceName } from '../../../shared/contract';

type Handler = (input: unknown) => unknown;

/** One method of the contract and the handler behind it. */
export interface HandlerRoute {
  readonly service: ServiceName;
  readonly method: string;
  /** The IPC channel, `atelier:<service>.<method>`. */
  readonly channel: string;
  /** `<service>.<method>`, as the HTTP path names it. */
  readonly name: string;
  /** Validates an input with the contract's schema; throws a ZodError naming the first issue. */
  parse(input: unknown): unknown;
  /** Runs the handler on an input `parse` returned; a handler that throws rejects. */
  run(parsed: unknown): Promise<unknown>;
}

/** Pairs every contract method with its handler; throws at once if one is missing. */
export function handlerTable(handlers: AtelierHandlers): HandlerRoute[] {
  return channels().map(({ service, method, channel }) => {
    // Inputs reach the handler only after parseInput, so calling it with the parsed value is sound.
    const serviceHandlers = handlers[service] as unknown as Record<string, Handler | undefined>;
    if (typeof serviceHandlers[method] !== 'function') throw new Error(`No handler for ${service}.${method}`);
    return {
      service,
      method,
      channel,
      name: `${service}.${method}`,
      parse: (input) => parseInput(service, method, input),
      run: async (parsed) => await (serviceHandlers[method] as Handler).call(serviceHandlers, parsed),
    };
  });
}
