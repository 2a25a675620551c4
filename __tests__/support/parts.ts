import { afterAll, beforeAll } from '@jest/globals'
import { type Env, targetsFile } from './action.js'
import {
  countingProxy,
  createTable,
  startFauxqs,
  type CountingProxy,
  type Fauxqs,
  type Mailbox
} from './aws.js'
import { startFarm, type Farm } from './servers.js'

/** The real parts a pass talks to in an end-to-end test, and the environment that points the action at them. */
export interface Parts {
  /** HTTP targets on 127.0.0.1. */
  farm: Farm
  /** SNS, SQS and S3. */
  fauxqs: Fauxqs
  /** DynamoDB Local behind a proxy that counts the calls. */
  proxy: CountingProxy
  env: Env
}

/**
 * Starts the parts before a file's tests and stops them after. The fields are set once its beforeAll has run:
 * read them in tests and hooks, not where the file is loaded.
 */
export function useParts(): Parts {
  const parts = {} as Parts
  beforeAll(async () => {
    parts.farm = await startFarm()
    parts.fauxqs = await startFauxqs()
    parts.proxy = await countingProxy()
    parts.env = {
      AWS_ENDPOINT_URL_DYNAMODB: parts.proxy.endpoint,
      AWS_ENDPOINT_URL_SNS: parts.fauxqs.endpoint,
      AWS_ENDPOINT_URL_S3: parts.fauxqs.endpoint
    }
  })
  afterAll(async () => {
    await parts.farm.close()
    await parts.fauxqs.close()
    await parts.proxy.close()
  })
  return parts
}

/** A run's table, mailbox and inputs. */
export interface Watch {
  table: string
  mailbox: Mailbox
  inputs: Record<string, string>
}

/**
 * A table and a mailbox of their own, and the inputs of a run over two targets: `api`, which answers what
 * `farm.set(\`api-${table}\`)` chose (200 until then) and is not tried again, and `web`, always up.
 */
export async function watchApiAndWeb(parts: Parts): Promise<Watch> {
  const table = await createTable()
  const mailbox = await parts.fauxqs.mailbox()
  const file = targetsFile(`
targets:
  - name: api
    url: ${parts.farm.http(`/switch/api-${table}`)}
    retries: 0
  - name: web
    url: ${parts.farm.http('/status/200')}
`)
  return {
    table,
    mailbox,
    inputs: { targets: file, 'dynamodb-table': table, 'sns-topic-arn': mailbox.topicArn }
  }
}
