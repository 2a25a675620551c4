import { type CloudWatchClient, type MetricDatum } from '@aws-sdk/client-cloudwatch'
import { explainAwsError } from '../aws.js'
import { UserError } from '../errors.js'
import { type Report } from './model.js'

/** PutMetricData takes at most 1,000 data points a call. */
export const METRICS_PER_CALL = 1000

/**
 * The metrics of a pass: a Heartbeat of 1 (an alarm on its absence notices a monitor that stopped), the run's
 * Lateness behind its schedule and its Gap since the previous run (seconds, where known), and per target Up (1,
 * or 0 when down) and Latency (ms), with a Target dimension. An inconclusive pass says nothing about the
 * targets, so it sends the run's own metrics alone.
 */
export function metricsOf(report: Report, at: Date): MetricDatum[] {
  const data: MetricDatum[] = [{ MetricName: 'Heartbeat', Value: 1, Unit: 'Count', Timestamp: at }]
  const { schedule, gapSeconds } = report.punctuality ?? {}
  if (schedule)
    data.push({ MetricName: 'Lateness', Value: schedule.lateSeconds, Unit: 'Seconds', Timestamp: at })
  if (gapSeconds !== undefined)
    data.push({ MetricName: 'Gap', Value: gapSeconds, Unit: 'Seconds', Timestamp: at })
  if (report.inconclusive) return data
  for (const target of report.targets) {
    const Dimensions = [{ Name: 'Target', Value: target.name }]
    data.push(
      { MetricName: 'Up', Dimensions, Value: target.state === 'down' ? 0 : 1, Unit: 'Count', Timestamp: at },
      { MetricName: 'Latency', Dimensions, Value: target.latencyMs, Unit: 'Milliseconds', Timestamp: at }
    )
  }
  return data
}

/** The data points in as few PutMetricData calls as the API allows, in order. */
export function batchesOf(data: MetricDatum[]): MetricDatum[][] {
  const batches: MetricDatum[][] = []
  for (let start = 0; start < data.length; start += METRICS_PER_CALL)
    batches.push(data.slice(start, start + METRICS_PER_CALL))
  return batches
}

/** Sends the metrics of a pass, one PutMetricData call per batch. */
export async function publishMetrics(
  client: CloudWatchClient,
  namespace: string,
  report: Report
): Promise<void> {
  const { PutMetricDataCommand } = await import('@aws-sdk/client-cloudwatch')
  try {
    for (const batch of batchesOf(metricsOf(report, new Date())))
      await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }))
  } catch (error) {
    throw new UserError(
      `Could not send metrics to CloudWatch namespace ${namespace}: ${explainAwsError(error)}.`
    )
  }
}
