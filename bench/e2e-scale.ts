// End to end at scale: many firms at once against a Clio that answers as the real one does (a fixed latency per
// request, 50 requests per 60 s per token), with several processors polling the queue as Lambda's concurrent
// invocations do. Each firm's callers are in its phone index, its lines are mapped to a Clio user and matter
// association is off, so a call costs exactly its 2 writes: 25 calls a minute is the most a firm can get.
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Agent } from 'node:http';
import { randomBytes } from 'node:crypto';
import { loadDemoClioSeed, startLocalStack, type LocalStack } from '../local/stack.js';
import { sign, twilioForm } from '../local/signers/index.js';
import { twilioDialParams } from '../local/twilio-example.js';
import { post, type PreparedRequest } from './http-load.js';
import { grouped, percentile, round, type Row } from './stats.js';

export interface ScaleOptions {
  readonly tenants: number;
  /** Of the firms, how many are offered more calls than their Clio budget carries. */
  readonly busyTenants: number;
  /** Calls a busy firm is offered per minute (its budget carries 25). */
  readonly busyCallsPerMinute: number;
  /** Calls every other firm is offered per minute. */
  readonly callsPerMinute: number;
  /** How long the calls keep coming. */
  readonly offeredSeconds: number;
  /** Processors polling the queue at once (the processor's `maxConcurrency` in AWS). */
  readonly processors: number;
  readonly clioLatencyMs: number;
  readonly clioLimit: number;
  readonly clioWindowMs: number;
  /** Requests in flight at once from the providers. */
  readonly posters: number;
}

export interface Spread {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface Range {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The figures of one class of firms (the busy ones, the others). */
export interface TenantClassFigures {
  readonly tenants: number;
  readonly events: number;
  /** Calls each firm had logged in the first minute after its first call (its budget carries 25). */
  readonly firstMinute: Range;
  /** From the callback's acknowledgement (it is queued then) to its outcome, in seconds. */
  readonly queueAgeSeconds: Spread;
  /** Of the time each firm had calls under way (first call to last outcome), the share its Clio budget was spent. */
  readonly pausedShare: { readonly mean: number; readonly max: number };
  /** Events handed back to the queue at least once (to wait for their firm's budget). */
  readonly eventsRetried: number;
}

export interface ScaleFigures extends ScaleOptions {
  readonly events: number;
  /** From the first post to the last outcome recorded. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Events logged per second while the calls came (the first `offeredSeconds`). */
  readonly loggedPerSecondWhileOffered: number;
  readonly offeredPerSecond: number;
  readonly busy: TenantClassFigures;
  readonly others: TenantClassFigures;
  /** Every event, from its acknowledgement to its outcome, in seconds. */
  readonly queueAgeSeconds: Spread;
  /** The most events in the queue (visible or held back) at one sample. */
  readonly maxQueueDepth: number;
  /** Processor invocations: how many, how long they held a processor per event logged, and how busy the processors were. */
  readonly processor: { readonly invocations: number; readonly records: number; readonly msPerEvent: number; readonly busyShare: number };
  /** How late the posts left against their schedule (whether the load generator kept up), in ms. */
  readonly postLagMs: Spread;
  readonly clioRequests: { readonly reads: number; readonly writes: number; readonly refused429: number };
  readonly outcomes: Readonly<Record<string, number>>;
  readonly lost: number;
  readonly loggedTwice: number;
  readonly deadLettered: number;
}

export const SCALE_DEFAULTS: ScaleOptions = {
  tenants: 100,
  busyTenants: 5,
  busyCallsPerMinute: 40,
  callsPerMinute: 2,
  offeredSeconds: 60,
  processors: 10,
  clioLatencyMs: 150,
  clioLimit: 50,
  clioWindowMs: 60_000,
  posters: 16,
};

const CALLERS_PER_TENANT = 20;
const FIRM_LINE = '+14155550199';
const CLIO_USER = 345;
const SAMPLE_EVERY_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const spread = (samples: readonly number[]): Spread => ({ p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) });
const range = (samples: readonly number[]) => ({ min: Math.min(...samples), median: percentile(samples, 50), max: Math.max(...samples) });
const callerNumber = (i: number) => `+1303555${String(3000 + i)}`;
const contactId = (i: number) => 40_000 + i;

/** Firms `t000`…: each its own Twilio token and Clio token (so its own Clio budget), indexed callers and a mapped line. */
const addTenants = async (stack: LocalStack, ids: readonly string[]) => {
  const now = new Date().toISOString();
  const callers = Array.from({ length: CALLERS_PER_TENANT }, (_, i) => ({
    id: contactId(i),
    name: `Caller ${i}`,
    isClient: true,
    phoneNumbers: [callerNumber(i)],
  }));
  for (const id of ids) {
    await stack.adapters.tenants.put({
      id,
      name: `Firm ${id}`,
      clioRegion: 'US',
      connection: { status: 'connected', since: now },
      settings: { matterAssociation: false, userMappings: { [FIRM_LINE]: CLIO_USER } },
    });
    await stack.adapters.secrets.putProviderSecret(id, 'twilio', `twilio-${id}`);
    await stack.adapters.secrets.putClioTokens(id, { accessToken: `clio-${id}`, refreshToken: `clio-refresh-${id}` });
    // The index as a completed sync leaves it (a sync asks Clio, which would spend the budget the run measures).
    await Promise.all(callers.map((c) => stack.adapters.index.put(id, c, 'US')));
    await stack.adapters.index.saveSyncState(id, { status: 'complete', startedAt: now, completedAt: now, syncedThrough: now, processed: callers.length });
  }
};

interface Planned {
  readonly tenantId: string;
  readonly busy: boolean;
  readonly eventId: string;
  readonly atMs: number;
  readonly request: PreparedRequest;
}

/** Each firm's calls evenly spaced at its rate; the firms' first calls spread over their first interval. */
const plan = (stack: LocalStack, ids: readonly string[], options: ScaleOptions): Planned[] => {
  const run = randomBytes(4).toString('hex');
  // The busy firms are spread among the others (every 20th of 100 when 5 are busy).
  const stride = Math.max(1, Math.floor(ids.length / Math.max(1, options.busyTenants)));
  const planned = ids.flatMap((tenantId, t) => {
    const busy = t % stride === 0 && t / stride < options.busyTenants;
    const every = 60_000 / (busy ? options.busyCallsPerMinute : options.callsPerMinute);
    return Array.from({ length: Math.floor((options.offeredSeconds * 1000) / every) }, (_, k): Planned => {
      const callSid = `CA${run}${String(t).padStart(3, '0')}${String(k).padStart(21, '0')}`;
      const params = twilioDialParams({
        CallSid: callSid,
        DialCallSid: `CA${run}ddd${String(t).padStart(3, '0')}${String(k).padStart(18, '0')}`,
        From: callerNumber(k % CALLERS_PER_TENANT),
        To: FIRM_LINE,
      });
      const path = `/v1/tenants/${tenantId}/webhooks/twilio`;
      const signed = sign('twilio', `twilio-${tenantId}`, { url: `${stack.config.publicBaseUrl}${path}`, body: twilioForm(params) });
      return {
        tenantId,
        busy,
        eventId: `twilio:call:${callSid}`,
        atMs: (t / ids.length) * every + k * every,
        request: { path, headers: { ...signed.headers }, body: signed.body.toString('utf8') },
      };
    });
  });
  return planned.sort((a, b) => a.atMs - b.atMs);
};

/** Sends each request at its time (or as soon after as a poster is free); answers when each was acknowledged. */
const sendOnSchedule = async (baseUrl: string, planned: readonly Planned[], posters: number, start: number) => {
  const origin = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: posters });
  const ackedAt = new Map<string, number>();
  const lags: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    for (let item = planned[next++]; item; item = planned[next++]) {
      const wait = start + item.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      lags.push(Math.max(0, Date.now() - (start + item.atMs)));
      const status = await post(agent, origin, item.request);
      if (status < 200 || status >= 300) failures++;
      ackedAt.set(item.eventId, Date.now());
    }
  };
  await Promise.all(Array.from({ length: posters }, worker));
  agent.destroy();
  if (failures > 0) throw new Error(`${failures} callbacks were not acknowledged`);
  return { ackedAt, lags };
};

/** Messages in a queue, visible or held back (in flight, or waiting out a delay we set). */
const queueCount = async (stack: LocalStack, queueUrl: string) => {
  const { Attributes = {} } = await stack.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
};

interface Recorded {
  readonly status: string;
  readonly recordedAt: number;
  readonly retried: boolean;
}

/** The figures of some firms' events (`start` is when the schedule began). */
const classFigures = (
  events: readonly Planned[],
  found: ReadonlyMap<string, Recorded>,
  ackedAt: ReadonlyMap<string, number>,
  paused: ReadonlyMap<string, readonly number[]>,
  start: number,
  windowMs: number,
): TenantClassFigures => {
  const byTenant = new Map<string, Planned[]>();
  for (const p of events) byTenant.set(p.tenantId, [...(byTenant.get(p.tenantId) ?? []), p]);
  const tenants = [...byTenant.entries()].map(([id, own]) => {
    const first = start + Math.min(...own.map((p) => p.atMs));
    const times = own.flatMap((p) => found.get(p.eventId)?.recordedAt ?? []);
    const last = Math.max(...times);
    const samples = Math.max(1, Math.ceil((last - first) / SAMPLE_EVERY_MS));
    return {
      firstMinute: times.filter((t) => t < first + windowMs).length,
      pausedShare: Math.min(1, (paused.get(id) ?? []).filter((t) => t >= first && t <= last).length / samples),
    };
  });
  return {
    tenants: tenants.length,
    events: events.length,
    firstMinute: range(tenants.map((t) => t.firstMinute)),
    queueAgeSeconds: queueAges(events, found, ackedAt),
    pausedShare: {
      mean: tenants.reduce((sum, t) => sum + t.pausedShare, 0) / Math.max(1, tenants.length),
      max: Math.max(0, ...tenants.map((t) => t.pausedShare)),
    },
    eventsRetried: events.filter((p) => found.get(p.eventId)?.retried).length,
  };
};

const queueAges = (events: readonly Planned[], found: ReadonlyMap<string, Recorded>, ackedAt: ReadonlyMap<string, number>): Spread =>
  spread(
    events.flatMap((p) => {
      const at = found.get(p.eventId)?.recordedAt;
      const acked = ackedAt.get(p.eventId);
      return at === undefined || acked === undefined ? [] : [(at - acked) / 1000];
    }),
  );

/** Runs the load while sampling, every half second, which firms sit paused on their budget and how deep the queue is. */
export const measureAtScale = async (overrides: Partial<ScaleOptions> = {}): Promise<ScaleFigures> => {
  const options = { ...SCALE_DEFAULTS, ...overrides };
  const ids = Array.from({ length: options.tenants }, (_, i) => `t${String(i).padStart(3, '0')}`);
  const demoSeed = loadDemoClioSeed();
  const invocations: { records: number; ms: number }[] = [];
  const stack = await startLocalStack({
    processors: options.processors,
    phoneIndexSyncEveryMs: 0,
    onProcessorInvocation: (records, ms) => invocations.push({ records, ms }),
    clioSim: {
      latencyMs: options.clioLatencyMs,
      rateLimit: { limit: options.clioLimit, windowMs: options.clioWindowMs },
      seed: {
        ...demoSeed,
        tokens: [...(demoSeed.tokens ?? []), ...ids.map((id) => ({ access_token: `clio-${id}`, refresh_token: `clio-refresh-${id}`, user_id: CLIO_USER }))],
        contacts: [
          ...(demoSeed.contacts ?? []),
          ...Array.from({ length: CALLERS_PER_TENANT }, (_, i) => ({
            id: contactId(i),
            type: 'Person' as const,
            first_name: 'Caller',
            last_name: String(i),
            is_client: true,
            phone_numbers: [{ number: callerNumber(i), name: 'Work' }],
          })),
        ],
      },
    },
  });
  try {
    const sim = stack.clioSim;
    if (!sim) throw new Error('the benchmark needs the simulator');
    await addTenants(stack, ids);
    const planned = plan(stack, ids, options);
    const aws = stack.config.aws;
    const tenantsTable = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: aws?.region, credentials: aws?.credentials, endpoint: aws?.endpoints.dynamodb }),
    );
    const inQueue = () => queueCount(stack, stack.queueUrl);
    const paused = new Map<string, number[]>(ids.map((id) => [id, []]));
    let maxQueueDepth = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const at = Date.now();
        const { Items = [] } = await tenantsTable.send(
          new ScanCommand({ TableName: stack.config.tenantsTable, ProjectionExpression: 'tenantId, clioPausedUntil' }),
        );
        for (const item of Items) {
          const until = item.clioPausedUntil as number | undefined;
          if (until !== undefined && until * 1000 > at) paused.get(item.tenantId as string)?.push(at);
        }
        maxQueueDepth = Math.max(maxQueueDepth, await inQueue());
        await sleep(Math.max(0, SAMPLE_EVERY_MS - (Date.now() - at)));
      }
    })();

    const mark = sim.state().requests.length;
    const start = Date.now() + 500;
    invocations.length = 0;
    const { ackedAt, lags } = await sendOnSchedule(stack.url, planned, options.posters, start);
    // Drained: nothing left in the queue, visible or held back for a budget (bounded, should a run go wrong).
    const deadline = Date.now() + 10 * options.clioWindowMs;
    while (Date.now() < deadline && (await inQueue()) > 0) await sleep(SAMPLE_EVERY_MS);
    sampling = false;
    await sampler;

    const found = new Map<string, Recorded>();
    for (let i = 0; i < planned.length; i += 25) {
      await Promise.all(
        planned.slice(i, i + 25).map(async ({ tenantId, eventId }) => {
          const [outcome, retry] = await Promise.all([stack.adapters.outcomes.get(tenantId, eventId), stack.adapters.outcomes.lastRetry(tenantId, eventId)]);
          if (outcome) found.set(eventId, { status: outcome.status, recordedAt: Date.parse(outcome.recordedAt), retried: retry !== undefined });
        }),
      );
    }
    const deadLettered = await queueCount(stack, stack.dlqUrl);
    const state = sim.state();
    const requests = state.requests.slice(mark);
    const served = requests.filter((r) => r.status !== 429);
    const logs = new Map<string, number>();
    for (const c of state.communications) for (const p of c.external_properties) logs.set(p.value, (logs.get(p.value) ?? 0) + 1);
    const outcomes: Record<string, number> = {};
    for (const { status } of found.values()) outcomes[status] = (outcomes[status] ?? 0) + 1;

    const lastOutcome = Math.max(...[...found.values()].map((o) => o.recordedAt));
    const seconds = (lastOutcome - start) / 1000;
    const busyMs = invocations.reduce((sum, i) => sum + i.ms, 0);
    const classOf = (busy: boolean) =>
      classFigures(
        planned.filter((p) => p.busy === busy),
        found,
        ackedAt,
        paused,
        start,
        options.clioWindowMs,
      );
    return {
      ...options,
      events: planned.length,
      seconds,
      eventsPerSecond: found.size / seconds,
      loggedPerSecondWhileOffered: [...found.values()].filter((o) => o.recordedAt <= start + options.offeredSeconds * 1000).length / options.offeredSeconds,
      offeredPerSecond: planned.length / options.offeredSeconds,
      busy: classOf(true),
      others: classOf(false),
      queueAgeSeconds: queueAges(planned, found, ackedAt),
      maxQueueDepth,
      processor: {
        invocations: invocations.length,
        records: invocations.reduce((sum, i) => sum + i.records, 0),
        msPerEvent: busyMs / Math.max(1, found.size),
        busyShare: busyMs / (options.processors * seconds * 1000),
      },
      postLagMs: spread(lags),
      clioRequests: {
        reads: served.filter((r) => r.method === 'GET').length,
        writes: served.filter((r) => r.method !== 'GET').length,
        refused429: requests.length - served.length,
      },
      outcomes,
      lost: planned.length - found.size,
      loggedTwice: planned.filter((p) => (logs.get(p.eventId) ?? 0) > 1).length,
      deadLettered,
    };
  } finally {
    await stack.stop();
  }
};

/** Clio writes of a logged call from an indexed caller, with the firm's line mapped and matter association off. */
const WRITES_PER_CALL = 2;

/**
 * The assumed busiest hour of a 50-lawyer firm: 8 calls and 2 texts a lawyer, 10 faxes and 10 voicemails, its
 * busiest minute three times the hour's average. Clio requests per event as measured for a known caller with the
 * phone index synced (call 2 writes, SMS 1, fax 4, voicemail 1); matter association adds 2 reads to each.
 */
export const BUSIEST_HOUR = { lawyers: 50, callsPerLawyer: 8, smsPerLawyer: 2, faxes: 10, voicemails: 10, peakMinuteFactor: 3 } as const;

export interface Ceiling {
  /** Every firm at its Clio budget: the most the firms' budgets let through. */
  readonly clioEventsPerSecond: number;
  /** The processors at the time per event measured here (this machine's DynamoDB and CPU included). */
  readonly processorEventsPerSecond: number;
  /** The processors if an event cost only its two Clio round trips (the floor, whatever the machine). */
  readonly processorFloorEventsPerSecond: number;
  /** Concurrent processors every firm at its budget needs: at the time measured, and at the floor. */
  readonly processorsForAllAtBudget: { readonly measured: number; readonly floor: number };
  readonly busiestHour: {
    readonly events: number;
    /** Clio requests of the hour, matter association off and on. */
    readonly requests: number;
    readonly requestsWithMatters: number;
    /** Of the hour's budget (limit × windows in an hour). */
    readonly budgetShare: number;
    readonly budgetShareWithMatters: number;
    /** Requests in the busiest minute, against the limit of one window. */
    readonly peakMinuteRequests: number;
    readonly peakMinuteRequestsWithMatters: number;
    /** Such firms whose busiest hours the processors carry at once, at the time per event measured here. */
    readonly firmsAtOnce: number;
  };
}

export const ceilingOf = (f: ScaleFigures): Ceiling => {
  const windowsPerHour = 3_600_000 / f.clioWindowMs;
  const clioEventsPerSecond = (f.tenants * (f.clioLimit / WRITES_PER_CALL)) / (f.clioWindowMs / 1000);
  const processorEventsPerSecond = (f.processors * 1000) / f.processor.msPerEvent;
  const floorMs = WRITES_PER_CALL * f.clioLatencyMs;
  const h = BUSIEST_HOUR;
  const calls = h.lawyers * h.callsPerLawyer;
  const sms = h.lawyers * h.smsPerLawyer;
  const events = calls + sms + h.faxes + h.voicemails;
  const requests = calls * 2 + sms + h.faxes * 4 + h.voicemails;
  const requestsWithMatters = requests + events * 2;
  const peak = (r: number) => (r / 60) * h.peakMinuteFactor;
  return {
    clioEventsPerSecond,
    processorEventsPerSecond,
    processorFloorEventsPerSecond: (f.processors * 1000) / floorMs,
    processorsForAllAtBudget: {
      measured: Math.ceil((clioEventsPerSecond * f.processor.msPerEvent) / 1000),
      floor: Math.ceil((clioEventsPerSecond * floorMs) / 1000),
    },
    busiestHour: {
      events,
      requests,
      requestsWithMatters,
      budgetShare: requests / (f.clioLimit * windowsPerHour),
      budgetShareWithMatters: requestsWithMatters / (f.clioLimit * windowsPerHour),
      peakMinuteRequests: peak(requests),
      peakMinuteRequestsWithMatters: peak(requestsWithMatters),
      firmsAtOnce: Math.floor(processorEventsPerSecond / (events / 3600)),
    },
  };
};

const pct = (share: number) => `${round(share * 100, 0)} %`;
const secondsSpread = (s: Spread) => `${round(s.p50)} / ${round(s.p99)} / ${round(s.max)} s`;
const firmRange = (r: Range) => `${r.min} / ${r.median} / ${r.max}`;

/** The rows of the printed table. */
export const scaleRows = (f: ScaleFigures, c: Ceiling): Row[] => {
  const section = `End to end, ${f.tenants} firms`;
  const budgetPerMinute = (f.clioLimit / WRITES_PER_CALL) * (60_000 / f.clioWindowMs);
  const perSecond = (calls: number) => `${round(calls / (f.clioWindowMs / 1000), 2)} events/s`;
  const h = c.busiestHour;
  const ceiling = c.processorEventsPerSecond < c.clioEventsPerSecond ? 'the processors' : "the firms' Clio budgets";
  return [
    {
      section,
      figure: `overall, ${f.processors} processors: logged while ${f.offeredSeconds} s of calls came (${grouped(f.events)} calls)`,
      value: `${round(f.loggedPerSecondWhileOffered)} events/s`,
      beside: `offered ${round(f.offeredPerSecond)}/s; all logged in ${round(f.seconds)} s; Clio ${f.clioLatencyMs} ms a request, ${f.clioLimit} requests per ${f.clioWindowMs / 1000} s per firm; processors busy ${pct(f.processor.busyShare)}, held ${grouped(f.processor.msPerEvent)} ms per event`,
    },
    {
      section,
      figure: `busy firm: calls logged in its first minute (${f.busy.tenants} firms offered ${f.busyCallsPerMinute}/min)`,
      value: `${perSecond(f.busy.firstMinute.median)} (${firmRange(f.busy.firstMinute)})`,
      beside: `budget ${budgetPerMinute} calls a minute (${perSecond(budgetPerMinute)}); paused on it ${pct(f.busy.pausedShare.mean)} of the time (most ${pct(f.busy.pausedShare.max)}); ${f.busy.eventsRetried} of ${f.busy.events} calls handed back to wait`,
    },
    {
      section,
      figure: `other firm: calls logged in its first minute (${f.others.tenants} firms offered ${f.callsPerMinute}/min)`,
      value: `${perSecond(f.others.firstMinute.median)} (${firmRange(f.others.firstMinute)})`,
      beside: `paused on the budget ${pct(f.others.pausedShare.mean)} of the time; ${f.others.eventsRetried} of ${f.others.events} calls handed back`,
    },
    {
      section,
      figure: 'queue age, acknowledged → outcome, p50 / p99 / max',
      value: secondsSpread(f.queueAgeSeconds),
      beside: `busy firms ${secondsSpread(f.busy.queueAgeSeconds)}, others ${secondsSpread(f.others.queueAgeSeconds)}; at most ${grouped(f.maxQueueDepth)} queued; posts late p99 ${grouped(f.postLagMs.p99)} ms`,
    },
    {
      section,
      figure: 'nothing lost, nothing twice',
      value: `${grouped(f.outcomes.logged ?? 0)} of ${grouped(f.events)} logged`,
      beside: `${f.lost} lost, ${f.loggedTwice} logged twice, ${f.deadLettered} dead-lettered; Clio ${grouped(f.clioRequests.writes)} writes, ${f.clioRequests.reads} reads (a redelivered call looks for its earlier writes), ${f.clioRequests.refused429} refused (429)`,
    },
    {
      section,
      figure: `ceiling: ${f.processors} processors vs ${f.tenants} firms' budgets`,
      value: `${round(Math.min(c.processorEventsPerSecond, c.clioEventsPerSecond))} events/s: ${ceiling}`,
      beside: `processors ${round(c.processorEventsPerSecond)}/s here (${round(c.processorFloorEventsPerSecond)}/s at the 2 Clio round trips alone), budgets ${round(c.clioEventsPerSecond)}/s; all firms at budget need ${c.processorsForAllAtBudget.measured} processors (${c.processorsForAllAtBudget.floor} at the floor)`,
    },
    {
      section,
      figure: `busiest hour of a ${BUSIEST_HOUR.lawyers}-lawyer firm (${grouped(h.events)} events, assumed)`,
      value: `${pct(h.budgetShare)} of its Clio budget`,
      beside: `${grouped(h.requests)} requests, busiest minute ${round(h.peakMinuteRequests, 0)} of ${f.clioLimit}; with matter association ${pct(h.budgetShareWithMatters)}, busiest minute ${round(h.peakMinuteRequestsWithMatters, 0)}; ${grouped(h.firmsAtOnce)} such firms at once on ${f.processors} processors`,
    },
  ];
};
