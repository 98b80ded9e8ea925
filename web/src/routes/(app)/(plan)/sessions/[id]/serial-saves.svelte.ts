/**
 * Runs saves one after another in the order they were asked for. Reordering from the keyboard
 * fires a save per key press; each must reach the server after the one before it, and the list
 * may only drop its optimistic order once all of them have answered (`pending` is 0).
 */
export class SerialSaves {
  pending = $state(0);
  #tail: Promise<void> = Promise.resolve();

  run(job: () => Promise<void>): Promise<void> {
    this.pending++;
    const done = this.#tail.then(job).finally(() => this.pending--);
    this.#tail = done.catch(() => undefined);
    return done;
  }
}
