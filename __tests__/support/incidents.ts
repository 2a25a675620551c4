// What the end-to-end tests of incident issues share: the real parts (useParts), the GitHub stand-in, a table
// and a mailbox per test, targets whose answers a test switches, and the issue a run that died left behind.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { issueBody } from '../../src/incidents/text.js'
import { type StoredState } from '../../src/state/model.js'
import { targetsFile, type Env, type Inputs } from './action.js'
import { createTable, dynamoClient, type Mailbox } from './aws.js'
import { startGitHubApi, type GitHubApi, type Issue } from './github.js'
import { useParts, type Parts } from './parts.js'

/** A test's targets and inputs, and how to switch what the targets answer (all of them, or those named). */
export interface Switched {
  inputs: Inputs
  set: (status: number, ...which: string[]) => void
}

export interface IncidentParts {
  parts: Parts
  github: GitHubApi
  /** The parts' environment, with GITHUB_API_URL at the stand-in. */
  env: Env
  /** This test's table and mailbox. */
  table: string
  mailbox: Mailbox
  /**
   * Targets each answering what its switch says (200 until set), with the inputs of a run that opens issues;
   * `extra` is added to the file's defaults.
   */
  watch: (names: string[], extra?: string) => Switched
  /** A target's item as the table holds it. */
  stored: (url: string, name: string) => Promise<StoredState>
  /** The kinds of the changes mailed since the last call. */
  kinds: () => Promise<string[]>
  /**
   * The issue a run opened for the targets of `changes` before it died: what its create call sent, naming the
   * run by the claim it left in the first target's item.
   */
  deadRunsIssue: (changes: { name: string; url: string; since: string }[]) => Promise<Issue>
}

/** Starts the parts before a file's tests, a table and a mailbox before each; read the fields in tests and hooks. */
export function useIncidents(): IncidentParts {
  const parts = useParts()
  const documents = DynamoDBDocumentClient.from(dynamoClient())
  let switches = 0
  const shared = { parts } as IncidentParts
  shared.stored = async (url, name) => {
    const { Item } = await documents.send(new GetCommand({ TableName: shared.table, Key: { url, name } }))
    return Item as StoredState
  }
  shared.kinds = async () => {
    return (await shared.mailbox.take()).flatMap(mail => mail.changes)
  }
  shared.watch = (names, extra = '') => {
    const prefix = `w${++switches}`
    const lines = names.map(
      name => `  - { name: ${name}, url: "${parts.farm.http(`/switch/${prefix}-${name}`)}" }`
    )
    const inputs = {
      targets: targetsFile(`defaults: { retries: 0${extra} }\ntargets:\n${lines.join('\n')}\n`),
      'dynamodb-table': shared.table,
      'sns-topic-arn': shared.mailbox.topicArn,
      'incident-issues': 'true',
      'github-token': shared.github.token
    }
    const set = (status: number, ...which: string[]) =>
      (which.length > 0 ? which : names).forEach(name => parts.farm.set(`${prefix}-${name}`, status))
    return { inputs, set }
  }
  shared.deadRunsIssue = async changes => {
    const { issue } = await shared.stored(changes[0].url, changes[0].name)
    const body = issueBody(
      changes.map(change => ({ ...change, key: { url: change.url, name: change.name }, reason: 'x' })),
      issue!.claim!,
      changes[0].since,
      undefined,
      text => text
    )
    const title =
      changes.length === 1 ? `🔴 ${changes[0].name} is down` : `🔴 ${changes.length} targets are down`
    return shared.github.personIssue(title, ['upwatch', 'incident'], body)
  }
  beforeAll(async () => {
    shared.github = await startGitHubApi()
  })
  afterAll(async () => {
    await shared.github.close()
    documents.destroy()
  })
  beforeEach(async () => {
    shared.github.reset()
    shared.table = await createTable()
    shared.mailbox = await parts.fauxqs.mailbox()
    shared.env = { ...parts.env, GITHUB_API_URL: shared.github.url }
  })
  return shared
}
