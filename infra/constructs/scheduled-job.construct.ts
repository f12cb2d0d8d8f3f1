import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Props of {@link ScheduledJob}. */
export interface ScheduledJobProps {
  /** The job's function; the construct is only created once that function exists. */
  readonly function: IFunction;
  /** How often the job runs. */
  readonly every: Duration;
  /** Shown on the rule in the console. */
  readonly description: string;
  /** @default 2 */
  readonly retryAttempts?: number;
}

/**
 * Runs a function on a fixed rate (an EventBridge rule). Jobs are idempotent sweeps (sync, renew), so a
 * missed or repeated run is harmless; failed invocations are retried a couple of times within the hour.
 */
export class ScheduledJob extends Construct {
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: props.description,
      schedule: Schedule.rate(props.every),
      targets: [
        new LambdaFunction(props.function, {
          retryAttempts: props.retryAttempts ?? 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
  }
}
