// A provider telling the market, by transaction, whether its machines are up. One report is in
// flight at a time: a machine that goes down and up again before its report lands sends nothing
// more until the receipt comes, and then only its state at that moment if it differs from what it
// last sent. A provider daemon replaces its pending transaction rather than queueing one per flip;
// queueing one per flip let outages a second apart (providers.failures.mtbf: 1s) pile reports into
// the mempool faster than blocks took them, and every block then re-ranked an ever longer pool.

export class AvailabilityReport {
  readonly #send: (up: boolean, landed: () => void) => void;
  readonly #current: () => boolean;
  /** Up or down as last sent (the chain's view once it lands). */
  #sent = true;
  #inFlight = false;

  /** `send` submits the report and calls `landed` on its receipt, whatever its status. */
  constructor(current: () => boolean, send: (up: boolean, landed: () => void) => void) {
    this.#current = current;
    this.#send = send;
  }

  /** Sends the machine's state if it differs from the last sent and no report is in flight. */
  report(): void {
    const up = this.#current();
    if (this.#inFlight || up === this.#sent) return;
    this.#sent = up;
    this.#inFlight = true;
    this.#send(up, () => {
      this.#inFlight = false;
      this.report();
    });
  }
}
