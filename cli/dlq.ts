// `npm run dlq -- list` / `npm run dlq -- redrive [--event <eventId>]`: the dead-letter queue, for operators.
// Locally it finds the running `npm start` stack through `<DATA_DIR>/local-stack.json`; against AWS it takes
// the stack's outputs: --queue-url, --dlq-url and --outcomes-table (or EVENT_QUEUE_URL, DEAD_LETTER_QUEUE_URL,
// OUTCOMES_TABLE_NAME), with the usual AWS credentials and region.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoOutcomeLog } from '../shared/adapters/dynamodb/outcome-log.adapter.js';
import { DEFAULT_OUTCOME_RETENTION_DAYS, EnvName } from '../shared/config/env.js';
import { retentionDaysOf } from '../shared/config/wiring.js';
import { redriveDeadLetters, surveyDeadLetters, type DeadLetterDeps } from './dead-letters.js';
import { LOCAL_STACK_FILE, type LocalStackInfo } from '../local/stack.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    event: { type: 'string' },
    'queue-url': { type: 'string', default: process.env.EVENT_QUEUE_URL },
    'dlq-url': { type: 'string', default: process.env.DEAD_LETTER_QUEUE_URL },
    'outcomes-table': { type: 'string', default: process.env.OUTCOMES_TABLE_NAME },
  },
});

const local = (): LocalStackInfo | undefined => {
  try {
    return JSON.parse(readFileSync(join(process.env.DATA_DIR ?? '.data', LOCAL_STACK_FILE), 'utf8')) as LocalStackInfo;
  } catch {
    return undefined;
  }
};

const deps = (): DeadLetterDeps => {
  const info = values['dlq-url'] ? undefined : local();
  const aws = info ? { region: 'us-east-1', credentials: info.credentials } : {};
  const queueUrl = info?.queueUrl ?? values['queue-url'];
  const deadLetterQueueUrl = info?.deadLetterQueueUrl ?? values['dlq-url'];
  const table = info?.outcomesTable ?? values['outcomes-table'];
  if (!queueUrl || !deadLetterQueueUrl || !table) {
    console.error('No running local stack found: start `npm start`, or pass --queue-url, --dlq-url and --outcomes-table.');
    process.exit(2);
  }
  const dynamo = new DynamoDBClient({ ...aws, ...(info ? { endpoint: info.endpoints.dynamodb } : {}) });
  return {
    sqs: new SQSClient({ ...aws, ...(info ? { endpoint: info.endpoints.sqs } : {}), useQueueUrlAsEndpoint: false }),
    queueUrl,
    deadLetterQueueUrl,
    outcomes: createDynamoOutcomeLog({
      client: DynamoDBDocumentClient.from(dynamo),
      tableName: table,
      retentionDays: process.env[EnvName.OutcomeRetentionDays]
        ? retentionDaysOf(process.env[EnvName.OutcomeRetentionDays] ?? '')
        : DEFAULT_OUTCOME_RETENTION_DAYS,
    }),
  };
};

const [command] = positionals;
if (command === 'list') {
  const { letters, behind } = await surveyDeadLetters(deps());
  if (letters.length === 0) console.log('The dead-letter queue is empty.');
  else console.table(letters);
  if (behind > 0) console.log(`About ${behind} more wait behind these in their message groups; a redrive moves them too.`);
} else if (command === 'redrive') {
  const moved = await redriveDeadLetters(deps(), values.event);
  console.log(moved.length === 0 ? 'Nothing to redrive.' : `Sent back to the event queue: ${moved.map((l) => l.eventId ?? l.messageId).join(', ')}`);
} else {
  console.error('Usage: npm run dlq -- list | redrive [--event <eventId>]');
  process.exit(2);
}
