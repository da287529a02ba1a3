// Callback → claims sign-in by sign-in: where the time goes (when the token request left, its round
// trip, the time after its answer) and how sure the portal-to-React ratio is, from resampling the
// sign-ins (a bootstrap). Figures only: nothing here passes or fails.
//
// Why: on this two-core machine the emulator answers the token request on the browser's cores, and
// its answer comes in steps of about 40 ms (docs/local-aws.md, "Token endpoint latency"), so two
// runs of 11 sign-ins can put the same builds on either side of 1× (docs/performance.md, the
// seventh pass). A median ratio alone does not say whether a target is met reliably.
import { median } from './report.mjs';

/** One sign-in's split in ms after Cognito's redirect, or undefined without a token request. */
export function split(signIn) {
  const token = signIn?.resources?.find((e) => e.url.includes('/oauth2/token'));
  if (!token || typeof signIn.callbackToClaimsMs !== 'number') return undefined;
  const asked = signIn.callbackAskedMs;
  const answered = token.responseEnd - asked;
  return {
    sent: token.startTime - asked,
    roundTrip: token.responseEnd - token.startTime,
    afterAnswer: signIn.callbackToClaimsMs - answered,
    claims: signIn.callbackToClaimsMs,
  };
}

/** A small seeded generator (mulberry32), so the same sign-ins always give the same interval. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ratio of the medians of `a` to `b`, with its 95 % interval from `draws` resamples of each
 * (with replacement), and the share of resamples at or over 1. Undefined when either is empty.
 */
export function ratioInterval(a, b, draws = 2000, seed = 1) {
  if (!a.length || !b.length) return undefined;
  const next = generator(seed);
  const resample = (v) => v.map(() => v[Math.floor(next() * v.length)]);
  const ratios = [];
  for (let i = 0; i < draws; i += 1) ratios.push(median(resample(a)) / median(resample(b)));
  ratios.sort((x, y) => x - y);
  return {
    ratio: median(a) / median(b),
    low: ratios[Math.floor(draws * 0.025)],
    high: ratios[Math.ceil(draws * 0.975) - 1],
    atOrOver1: ratios.filter((r) => r >= 1).length / draws,
  };
}

/** The splits of every good run of each app: `{ app: [split] }`. */
export function splitsByApp(results) {
  return Object.fromEntries(
    Object.entries(results).map(([name, app]) => [
      name,
      app.runs.filter((r) => !r.error).map((r) => split(r.signIn)).filter(Boolean),
    ]),
  );
}

/**
 * How much longer than the run's fast round trips a round trip must be to count as having taken
 * one more of the emulator's steps of about 40 ms (docs/local-aws.md, "Token endpoint latency"):
 * the steps are 40 ms apart, and the round trips without one spread over less than 30 ms.
 */
export const LONG_ROUND_TRIP_MS = 30;

/**
 * The run's fast round trip: the 10th percentile of every app's, not the fastest, which one odd
 * answer can set (an 81 ms exchange among 100–115 ms ones was seen).
 */
export function fastRoundTrip(rows) {
  const sorted = rows.map((r) => r.roundTrip).sort((a, b) => a - b);
  return sorted[Math.floor(0.1 * (sorted.length - 1))];
}

/** The round trips of `rows` at least `LONG_ROUND_TRIP_MS` over `fast`. */
export function longRoundTrips(rows, fast) {
  return rows.filter((r) => r.roundTrip >= fast + LONG_ROUND_TRIP_MS).length;
}

/** The lines the bench prints: each app's split (medians), then the portal-to-React ratio. */
export function spreadLines(results, portal = 'portal', react = 'react-oidc-context') {
  const splits = splitsByApp(results);
  const f = (n) => (n === undefined ? '–' : n.toFixed(0));
  const fast = fastRoundTrip(Object.values(splits).flat());
  const lines = ['callback → claims, sign-in by sign-in (medians in ms; "sent" and "claims" after the redirect;',
    `"long": round trips ${LONG_ROUND_TRIP_MS} ms or more over the run's 10th percentile, one more of the emulator's 40 ms steps):`];
  for (const [name, rows] of Object.entries(splits)) {
    const m = (k) => f(median(rows.map((r) => r[k])));
    lines.push(`  ${name}: ${rows.length} sign-ins; token request sent ${m('sent')}, round trip ` +
      `${m('roundTrip')} (${longRoundTrips(rows, fast)} long), answer → claims ${m('afterAnswer')}; ` +
      `claims ${m('claims')}`);
  }
  const interval = splits[portal] && splits[react]
    ? ratioInterval(splits[portal].map((r) => r.claims), splits[react].map((r) => r.claims))
    : undefined;
  if (interval) {
    lines.push(`  ${portal} ÷ ${react}: ${interval.ratio.toFixed(3)}×, 95 % interval ` +
      `${interval.low.toFixed(3)}–${interval.high.toFixed(3)} (bootstrap of the sign-ins above, ` +
      `those whose token request the callback document's Resource Timing shows); ` +
      `${(interval.atOrOver1 * 100).toFixed(0)} % of resamples at or over 1×`);
  }
  return lines.join('\n');
}
