/**
 * Counts what Floating UI's `autoUpdate` leaves running: scroll and resize
 * listeners, and ResizeObserver / IntersectionObserver instances that were
 * never disconnected. Install it before opening; `restore()` when done.
 */
export interface AutoUpdateProbe {
  /** Listeners and observers still attached. */
  active(): number;
  restore(): void;
}

export function probeAutoUpdate(): AutoUpdateProbe {
  const listeners: Array<{ target: EventTarget; type: string; listener: unknown }> = [];
  const observers = new Set<object>();
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  const { ResizeObserver: RealResize, IntersectionObserver: RealIntersection } = window;

  EventTarget.prototype.addEventListener = function (this: EventTarget, type, listener, options) {
    if (type === 'scroll' || type === 'resize') listeners.push({ target: this, type, listener });
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type,
    listener,
    options,
  ) {
    const index = listeners.findIndex(
      (entry) => entry.target === this && entry.type === type && entry.listener === listener,
    );
    if (index >= 0) listeners.splice(index, 1);
    return removeEventListener.call(this, type, listener, options);
  };
  window.ResizeObserver = class extends RealResize {
    constructor(callback: ResizeObserverCallback) {
      super(callback);
      observers.add(this);
    }
    override disconnect() {
      observers.delete(this);
      super.disconnect();
    }
  };
  window.IntersectionObserver = class extends RealIntersection {
    constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
      super(callback, options);
      observers.add(this);
    }
    override disconnect() {
      observers.delete(this);
      super.disconnect();
    }
  };

  return {
    active: () => listeners.length + observers.size,
    restore() {
      EventTarget.prototype.addEventListener = addEventListener;
      EventTarget.prototype.removeEventListener = removeEventListener;
      window.ResizeObserver = RealResize;
      window.IntersectionObserver = RealIntersection;
    },
  };
}
