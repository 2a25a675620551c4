import { afterAll, beforeAll } from '@jest/globals'
import { type Env } from './action.js'
import { countingProxy, startFauxqs, type CountingProxy, type Fauxqs } from './aws.js'
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
