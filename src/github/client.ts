/**
 * The GitHub API client of a run: @actions/github's Octokit (GITHUB_API_URL, the runner's proxy settings),
 * with Octokit's throttling and retry plugins. A rate limit is waited out a few times when the wait is short,
 * then the call fails: what called it warns and leaves the work to the next run, so that GitHub never holds up
 * a pass, and never a mail.
 */

import { context, getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import * as log from '../log.js'

export type GitHub = ReturnType<typeof getOctokit>

/** Where the repository and this run are: from @actions/github's context (the runner's environment). */
export interface Repository {
  owner: string
  repo: string
}

/** How often, and for how long at most, a rate-limited call is tried again before it is left to the next run. */
export interface Patience {
  /** Tries after the first, for a primary or secondary rate limit. */
  retries: number
  /** The longest wait GitHub may ask for (seconds) that is still waited out. */
  maxWaitSeconds: number
}

const PATIENCE: Patience = { retries: 2, maxWaitSeconds: 60 }

/**
 * How long one request may take before it is given up: a GitHub API that takes the connection and never answers
 * must not hold the run until the job's timeout (undici alone would wait 300 s for headers, three times).
 */
const REQUEST_TIMEOUT_MS = 10_000

/** The client for `token`, which is never logged: Octokit sends it as a header only. */
export function openGitHub(
  token: string,
  patience: Patience = PATIENCE,
  options: { retryAfterBaseMs?: number } = {}
): GitHub {
  const limited =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < patience.retries && retryAfter <= patience.maxWaitSeconds
      log.debug(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
          (again ? `trying again in ${retryAfter} s` : 'not trying again this run')
      )
      return again
    }
  const github = getOctokit(
    token,
    {
      // As the environment is now: @actions/github reads it once, when it is first imported.
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      throttle: {
        onRateLimit: limited('primary'),
        onSecondaryRateLimit: limited('secondary'),
        ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseValue: options.retryAfterBaseMs })
      },
      retry: { retries: 2 }
    },
    throttling,
    retry
  )
  github.hook.before('request', options => {
    options.request = { ...options.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }
  })
  return github
}

/**
 * @actions/github's context as the environment is now: its `context` is read once, when it is first imported,
 * and a process may run more than one pass (the tests do).
 */
function currentContext(): typeof context {
  const Context = context.constructor as new () => typeof context
  return new Context()
}

/** The repository the workflow runs in, or undefined outside GitHub Actions. */
export function currentRepository(): Repository | undefined {
  // `repo` reads GITHUB_REPOSITORY as it is now: no context to make again, nor the event's payload to read.
  if (!process.env.GITHUB_REPOSITORY) return undefined
  return context.repo
}

/** The link to this workflow run, or undefined outside GitHub Actions. */
export function runLink(): string | undefined {
  const now = currentContext()
  if (!process.env.GITHUB_REPOSITORY || !now.runId) return undefined
  const { owner, repo } = now.repo
  return `${now.serverUrl}/${owner}/${repo}/actions/runs/${now.runId}`
}
