/**
 * The one place where upwatch writes to the log. What it writes holds text from outside (reasons that quote
 * what servers sent, error messages, names), and the runner reads every line of stdout for workflow
 * commands, so each line passes through logLine first. Secrets go to core.setSecret, which is no text.
 */

import * as core from '@actions/core'
import { logLine } from './escape.js'

/** A line of the log. */
export function info(line: string): void {
  core.info(logLine(line))
}

/** A line of the log shown only when step debug logging is on. */
export function debug(line: string): void {
  core.debug(logLine(line))
}

/**
 * Lines folded under a title (the runner's ::group:: and ::endgroup::), open on a click. The title is upwatch's
 * own words and numbers, never text from outside, and passes through logLine all the same.
 */
export function group(title: string, lines: string[]): void {
  core.startGroup(logLine(title))
  for (const line of lines) info(line)
  core.endGroup()
}

/** A warning, on one line: an annotation, and a line of the log. */
export function warning(line: string): void {
  core.warning(logLine(line))
}

/**
 * Fails the step with a message: an annotation, and lines of the log. Its line breaks are upwatch's own (a
 * refused targets file lists its problems a line each), so they are kept, and each line is made safe.
 */
export function fail(message: string): void {
  core.setFailed(message.split('\n').map(logLine).join('\n'))
}
