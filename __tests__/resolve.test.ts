// Names resolved as the system would, through a local DNS server on 127.0.0.1: the hosts file, localhost,
// search domains and ndots as glibc applies them, one lookup per host and pass, and a pass of 1,000 names.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import dns from 'node:dns'
import { probeAll } from '../src/probes/probe.js'
import {
  parseHosts,
  parseResolvConf,
  passResolver,
  queryNames,
  type Address,
  type PassResolver
} from '../src/probes/resolve.js'
import { namesAt, startDnsServer, type DnsServer } from './support/dns.js'
import { startFarm, type Farm } from './support/servers.js'
import { targetsOf } from './support/targets.js'

const LOOPBACK = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 }
]

function lookupAll(resolver: PassResolver, hostname: string): Promise<Address[]> {
  return new Promise((resolve, reject) =>
    resolver.lookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses as Address[])
    )
  )
}

describe('the hosts file', () => {
  it('gives every address of a name or alias, in any case, IPv4 first, and skips comments and junk', () => {
    const hosts = parseHosts(
      [
        '# managed by hand',
        '127.0.0.1   localhost',
        '::1         localhost ip6-localhost',
        '10.0.0.5    db.internal DB   # the database',
        '10.0.0.6    db.internal',
        'fd00::5     db.internal',
        'not-an-ip   broken',
        '10.0.0.7    windows.internal\r',
        ''
      ].join('\n')
    )
    expect(hosts.get('localhost')).toEqual(LOOPBACK)
    expect(hosts.get('db.internal')).toEqual([
      { address: '10.0.0.5', family: 4 },
      { address: '10.0.0.6', family: 4 },
      { address: 'fd00::5', family: 6 }
    ])
    expect(hosts.get('db')).toEqual([{ address: '10.0.0.5', family: 4 }])
    expect(hosts.get('windows.internal')).toEqual([{ address: '10.0.0.7', family: 4 }])
    expect(hosts.has('broken')).toBe(false)
    expect(hosts.has('the')).toBe(false)
  })
})

describe('resolv.conf', () => {
  it("takes the last search or domain line and the options, within glibc's limits", () => {
    expect(
      parseResolvConf(
        'nameserver 10.0.0.2\nsearch a.test b.test.\noptions ndots:2 timeout:1\noptions attempts:3 rotate',
        'vm'
      )
    ).toEqual({ search: ['a.test', 'b.test'], ndots: 2, timeoutMs: 1000, attempts: 3 })
    expect(parseResolvConf('search a.test\ndomain corp.test', 'vm').search).toEqual(['corp.test'])
    expect(parseResolvConf('domain corp.test\nsearch a.test b.test', 'vm').search).toEqual([
      'a.test',
      'b.test'
    ])
    expect(parseResolvConf('options ndots:99 timeout:99 attempts:99', 'vm')).toEqual({
      search: [],
      ndots: 15,
      timeoutMs: 30_000,
      attempts: 5
    })
  })

  it("searches the machine's own domain when no line names one, and reads no comment", () => {
    expect(parseResolvConf('# search commented.test\n; domain also.test\n', 'runner.corp.example')).toEqual({
      search: ['corp.example'],
      ndots: 1,
      timeoutMs: 5000,
      attempts: 2
    })
    expect(parseResolvConf('', 'runner').search).toEqual([])
  })
})

describe('the names asked', () => {
  const conf = (ndots: number, search: string[]) => ({ search, ndots, timeoutMs: 5000, attempts: 2 })
  it.each([
    [
      'a short name: search domains first',
      'api',
      conf(1, ['corp.test', 'test']),
      ['api.corp.test', 'api.test', 'api']
    ],
    [
      'enough dots: as it is first',
      'api.example.com',
      conf(1, ['corp.test']),
      ['api.example.com', 'api.example.com.corp.test']
    ],
    ['a trailing dot: as it is only', 'api.example.com.', conf(1, ['corp.test']), ['api.example.com']],
    [
      'fewer dots than ndots',
      'db.svc',
      conf(5, ['ns.svc.cluster.local', 'cluster.local']),
      ['db.svc.ns.svc.cluster.local', 'db.svc.cluster.local', 'db.svc']
    ],
    ['no search domains', 'api', conf(1, []), ['api']],
    [
      'the root domain in the list: as it is there, not again',
      'api',
      conf(1, ['', 'corp.test']),
      ['api', 'api.corp.test']
    ]
  ])('%s', (_, name, resolvConf, asked) => {
    expect(queryNames(name, resolvConf)).toEqual(asked)
  })
})

describe('a pass resolver', () => {
  const known: Record<string, string> = {
    'api.other.test': '127.0.0.3',
    'shared.test': '127.0.0.4',
    'example.test': '127.0.0.5'
  }
  let server: DnsServer
  beforeAll(async () => {
    server = await startDnsServer({
      addressOf: name => known[name],
      ignore: name => name.startsWith('unanswered')
    })
  })
  afterAll(() => server.close())

  /** The questions asked while `run` ran, sorted (A and AAAA go out together). */
  async function askedDuring(run: () => Promise<unknown>): Promise<string[]> {
    const before = server.questions.length
    await run()
    return server.questions.slice(before).sort()
  }

  it('takes the hosts file first, then localhost, and asks DNS for neither', async () => {
    const resolver = passResolver({ ...namesAt(server), hosts: '127.0.0.9 db.internal\n::1 localhost' })
    const asked = await askedDuring(async () => {
      expect(await lookupAll(resolver, 'DB.Internal')).toEqual([{ address: '127.0.0.9', family: 4 }])
      expect(await lookupAll(resolver, 'localhost')).toEqual([{ address: '::1', family: 6 }])
      expect(await lookupAll(resolver, 'app.localhost')).toEqual(LOOPBACK)
      expect(await lookupAll(resolver, 'localhost.')).toEqual([{ address: '::1', family: 6 }])
    })
    resolver.close()
    expect(asked).toEqual([])
  })

  it("asks the search domains in glibc's order and stops at the first name with an address", async () => {
    const resolver = passResolver(namesAt(server, 'search corp.test other.test\n'))
    const short = await askedDuring(async () =>
      expect(await lookupAll(resolver, 'api')).toEqual([{ address: '127.0.0.3', family: 4 }])
    )
    expect(short).toEqual([
      'api.corp.test A',
      'api.corp.test AAAA',
      'api.other.test A',
      'api.other.test AAAA'
    ])
    const dotted = await askedDuring(async () =>
      expect(await lookupAll(resolver, 'example.test')).toEqual([{ address: '127.0.0.5', family: 4 }])
    )
    expect(dotted).toEqual(['example.test A', 'example.test AAAA'])
    resolver.close()
  })

  it('looks a host up once per pass, however many ask at once, and again in the next pass', async () => {
    const first = passResolver(namesAt(server))
    const asked = await askedDuring(async () => {
      await Promise.all(Array.from({ length: 5 }, () => lookupAll(first, 'shared.test')))
      await lookupAll(first, 'SHARED.test')
    })
    expect(asked).toEqual(['shared.test A', 'shared.test AAAA'])
    first.close()
    const second = passResolver(namesAt(server))
    expect(await askedDuring(() => lookupAll(second, 'shared.test'))).toEqual(asked)
    second.close()
  })

  it('keeps a name that does not exist for the pass, and gives one address when not asked for all', async () => {
    const resolver = passResolver(namesAt(server))
    const asked = await askedDuring(async () => {
      for (let i = 0; i < 2; i++) {
        await expect(lookupAll(resolver, 'nowhere.test')).rejects.toMatchObject({ code: 'ENOTFOUND' })
      }
    })
    expect(asked).toEqual(['nowhere.test A', 'nowhere.test AAAA'])
    const one = await new Promise(resolve =>
      resolver.lookup('example.test', {}, (error, address, family) => resolve([error, address, family]))
    )
    expect(one).toEqual([null, '127.0.0.5', 4])
    resolver.close()
  })

  it('says a lookup timed out when the server does not answer, and asks again on the next try', async () => {
    const resolver = passResolver(namesAt(server, 'options timeout:1 attempts:1'))
    const asked = await askedDuring(async () => {
      for (let i = 0; i < 2; i++) {
        await expect(lookupAll(resolver, 'unanswered.test')).rejects.toMatchObject({ code: 'ETIMEOUT' })
      }
    })
    expect(asked).toEqual([
      'unanswered.test A',
      'unanswered.test A',
      'unanswered.test AAAA',
      'unanswered.test AAAA'
    ])
    resolver.close()
  })

  it('has at most 128 lookups waiting for DNS at once, and lets one unanswered for 250 ms give its place up', async () => {
    const resolver = passResolver(namesAt(server))
    const started = performance.now()
    const since = () => performance.now() - started
    const names = Array.from({ length: 129 }, (_, index) => `unanswered${index}.test`)
    const underWay = await Promise.all(names.slice(0, 128).map(name => resolver.begin(name).then(since)))
    const last = await resolver.begin(names[128]).then(since)
    resolver.close()
    expect(Math.max(...underWay)).toBeLessThan(250)
    // libuv's timers count whole milliseconds of a clock of their own: one may run a fraction early by this one.
    expect(last).toBeGreaterThanOrEqual(249)
  })
})

describe('a pass through the DNS servers of node:dns', () => {
  let farm: Farm
  let server: DnsServer
  beforeAll(async () => {
    farm = await startFarm()
    server = await startDnsServer({
      addressOf: name => (name.endsWith('.upwatch.test') ? '127.0.0.1' : undefined),
      delayMs: 20
    })
  })
  afterAll(async () => {
    await farm.close()
    await server.close()
  })

  it('asks the servers that dns.getServers() reports when the pass starts', async () => {
    const saved = dns.getServers()
    dns.setServers([server.address])
    try {
      const [result] = await probeAll(
        targetsOf(
          `targets:\n  - { name: seam, url: "${farm.http('/status/200').replace('127.0.0.1', 'seam.upwatch.test')}" }`
        ),
        1
      )
      expect([result.health, result.reason]).toEqual(['up', 'HTTP 200'])
      expect(server.asked('seam.upwatch.test', 'A')).toBe(1)
    } finally {
      dns.setServers(saved)
    }
  })

  it('finds 1,000 targets up, each on its own name, with a resolver that takes 20 ms; one question per name', async () => {
    const port = new URL(farm.http('/')).port
    const names = Array.from({ length: 1000 }, (_, index) => `t${index}.upwatch.test`)
    const shared = ['/delay/100', '/status/200', '/status/204'].map(
      (path, index) => `  - { name: shared ${index}, url: "http://shared.upwatch.test:${port}${path}" }`
    )
    const targets = targetsOf(
      [
        'defaults: { timeout: 2s, retries: 0 }',
        'targets:',
        ...names.map(name => `  - { name: ${name}, url: "http://${name}:${port}/delay/100" }`),
        ...shared
      ].join('\n')
    )
    const before = server.queries.length
    const started = performance.now()
    const results = await probeAll(targets, 256, { names: namesAt(server) })
    const wallMs = Math.round(performance.now() - started)
    const down = results.filter(result => result.health === 'down')
    // Lookups, not datagrams: under load c-ares may send a question again, with its id, before the answer comes.
    const lookups = new Set(server.queries.slice(before))
    const questions = lookups.size
    process.stdout.write(
      `\n${results.length} targets on ${names.length + 1} names, concurrency 256, DNS 20 ms, answers 100 ms: ` +
        `${wallMs} ms, ${down.length} down, ${questions} DNS questions\n`
    )
    expect(down.map(result => `${result.target.name}: ${result.reason}`)).toEqual([])
    const askedOf = (name: string, type: string) =>
      [...lookups].filter(lookup => lookup.startsWith(`${name} ${type} `)).length
    const notOnce = [...names, 'shared.upwatch.test'].filter(
      name => askedOf(name, 'A') !== 1 || askedOf(name, 'AAAA') !== 1
    )
    expect(notOnce).toEqual([])
    expect(questions).toBe(2 * (names.length + 1))
  })
})
