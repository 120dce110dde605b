import { Injectable } from '@nestjs/common';

/** The time for sessions, sign-in throttling and the security log; tests replace `now` instead of sleeping. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
