import { describe, expect, it } from '@jest/globals';
import { DeliveryTiming } from '../../../src/otp/delivery-timing.js';
import { ManualClock } from '../../../src/util/clock.js';

describe('delivery timing', () => {
  it('a permanent mail failure counts as the state of delivery for 10 minutes of its clock', () => {
    const clock = new ManualClock();
    const timing = new DeliveryTiming(50, clock);
    expect(timing.failing).toBe(false);
    timing.recordPermanentFailure();
    clock.advance(599);
    expect(timing.failing).toBe(true);
    clock.advance(1);
    expect(timing.failing).toBe(false);
  });

  it('a success ends it at once', () => {
    const timing = new DeliveryTiming(50, new ManualClock());
    timing.recordPermanentFailure();
    timing.recordSuccess(40);
    expect(timing.failing).toBe(false);
  });
});
