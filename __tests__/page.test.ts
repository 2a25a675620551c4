// The status page's files, from histories folded over simulated passes: what a public page may show (private
// targets, URLs, reasons, secrets), escaping of hostile text, the feed as strict XML with ids that stay, the
// badges, the figures against known outages, the size of a page of 50 targets, and the publisher on a directory
// and on S3 (fauxqs on 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { buildApp } from 'fauxqs'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SaxesParser } from 'saxes'
import { DAY_MS, HOUR_MS } from '../src/history/model.js'
import { type EndpointBadge, badgeFile } from '../src/page/badges.js'
import { type PageFile, pageFiles } from '../src/page/files.js'
import { type StatusJson } from '../src/page/json.js'
import { type PageSource, pageModel } from '../src/page/model.js'
import { MANIFEST, pageDestination, publishPage } from '../src/page/publish.js'
import { CREDENTIALS, REGION, s3Client } from './support/aws.js'
import { fleet, pageTarget, simulate } from './support/page.js'
import { targetsOf } from './support/targets.js'

const NOW = Date.parse('2026-11-29T08:00:00Z')
const FROM = NOW - 90 * DAY_MS
const at = (iso: string) => Date.parse(iso)
const TITLE = 'acme/website'

const files = (sources: PageSource[], details: boolean, now = NOW) =>
  pageFiles(pageModel(sources, now, { details, title: TITLE }))
const everything = (all: PageFile[]) => all.map(file => `${file.path}\n${file.body}`).join('\n')
const file = (all: PageFile[], name: string) => all.find(each => each.path === name)!.body
const md5 = (body: string) => createHash('md5').update(body).digest('hex')
const json = (all: PageFile[]) => JSON.parse(file(all, 'status.json')) as StatusJson

/** A target down now since a known time, with an outage 10 days ago, and one up all along. */
function pair(): PageSource[] {
  const outage = {
    start: at('2026-11-19T10:00:00Z'),
    end: at('2026-11-19T10:30:00Z'),
    reason: 'HTTP 503, expected 200-299'
  }
  const now = { start: at('2026-11-29T06:00:00Z'), reason: 'connection refused to 10.1.2.3:443' }
  const api = simulate(FROM, NOW, [outage, now])
  const web = simulate(FROM, NOW, [])
  return [
    { target: pageTarget('api', { group: 'Backend', url: 'https://api.example.com/health' }), ...api },
    { target: pageTarget('web', { group: 'Frontend', url: 'https://www.example.com/' }), ...web }
  ]
}

describe('the model', () => {
  it('leaves out targets with public: false, from every file', () => {
    const sources = [
      ...pair(),
      {
        target: pageTarget('payroll-internal', { public: false, group: 'Secret group' }),
        ...simulate(FROM, NOW, [])
      }
    ]
    for (const details of [false, true]) {
      const all = files(sources, details)
      expect(everything(all)).not.toMatch(/payroll|Secret group/)
      expect(all.map(each => each.path)).toEqual([
        'index.html',
        'status.json',
        'feed.atom',
        'badges/api.json',
        'badges/uptime-30d/api.json',
        'badges/web.json',
        'badges/uptime-30d/web.json'
      ])
    }
  })

  it('shows URLs and reasons only with details', () => {
    const hidden = everything(files(pair(), false))
    for (const text of ['api.example.com', 'www.example.com', 'connection refused', 'HTTP 503', '10.1.2.3'])
      expect(hidden).not.toContain(text)
    expect(json(files(pair(), false)).targets[0]).not.toHaveProperty('url')

    const shown = files(pair(), true)
    const [api, web] = json(shown).targets
    expect(api).toMatchObject({
      url: 'https://api.example.com/health',
      reason: 'connection refused to 10.1.2.3:443',
      incidents: [{ reason: 'HTTP 503, expected 200-299' }, { reason: 'connection refused to 10.1.2.3:443' }]
    })
    // An up target has no reason to show.
    expect(web).not.toHaveProperty('reason')
    expect(file(shown, 'index.html')).toContain('connection refused to 10.1.2.3:443')
    expect(file(shown, 'feed.atom')).toContain('What failed: HTTP 503, expected 200-299')
  })

  it('never shows a secret: URLs as the summary shows them, placeholders unexpanded and passwords masked', () => {
    const env = { API_TOKEN: 'tok-4f9a8b7c6d5e', DB_PASSWORD: 'pw-hunter2-hunter2' }
    const [target] = targetsOf(
      `targets:
  - name: api
    url: https://deploy:hunter2-in-url@api.example.com/health?token=\${API_TOKEN}
    headers:
      Authorization: Bearer \${API_TOKEN}
`,
      env
    )
    const written = { ...target, url: 'https://admin:written-password@db.example.com/' }
    const sources: PageSource[] = [
      { target, ...simulate(FROM, NOW, [{ start: NOW - HOUR_MS, reason: 'HTTP 401, expected 200-299' }]) },
      // A URL handed over as written, with its password: the model masks it as the summary's URLs are.
      { target: { ...written, name: 'db' }, ...simulate(FROM, NOW, []) }
    ]
    const all = everything(files(sources, true))
    for (const secret of [...Object.values(env), 'hunter2-in-url', 'written-password'])
      expect(all).not.toContain(secret)
    expect(all).toContain('https://deploy:***@api.example.com/health?token=${API_TOKEN}')
    expect(all).toContain('https://admin:***@db.example.com/')
  })

  it('gives the figures of known outages to the second', () => {
    const [api, web] = json(files(pair(), true)).targets
    const days = json(files(pair(), true)).days
    const outageDay = days.indexOf('2026-11-19')
    expect(api.daily.downSeconds[outageDay]).toBe(1800)
    expect(api.daily.incidents[outageDay]).toBe(1)
    // Down since 06:00: two hours of the last 24, of the last 30 days half an hour more.
    // Percentages are cut to four decimals, never rounded up.
    expect(api.uptime['24h']).toMatchObject({ downSeconds: 7200, uptime: 91.6666, exact: true })
    expect(api.uptime['30d'].downSeconds).toBe(7200 + 1800)
    expect(api.uptime['30d'].uptime).toBe(99.6527)
    expect(api.incidents).toEqual([
      expect.objectContaining({
        start: '2026-11-19T10:00:00Z',
        end: '2026-11-19T10:30:00Z',
        durationSeconds: 1800
      }),
      expect.objectContaining({ start: '2026-11-29T06:00:00Z', end: null, durationSeconds: 7200 })
    ])
    expect(web.uptime['90d']).toMatchObject({ uptime: 100, downSeconds: 0, knownSeconds: 90 * 86400 })
    expect(web.latencyMs).toHaveLength(24)
    expect(web.latencyMs.every(sample => sample === 120)).toBe(true)
  })
})

describe('index.html', () => {
  const hostile = '<script>alert(1)</script>&amp;"\'`</style><!--'
  const sources = (): PageSource[] => [
    {
      target: pageTarget(hostile, {
        group: '</h2><img src=x onerror=alert(1)>',
        url: 'https://example.com/"><svg onload=alert(1)>'
      }),
      ...simulate(FROM, NOW, [{ start: NOW - HOUR_MS, reason: '<b>bold</b> & <i>\u202eevil</i>' }])
    }
  ]

  it('writes every text from outside as text', () => {
    const html = file(files(sources(), true), 'index.html')
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>|<i>|<!--/i)
    expect(html).toContain(
      '&#60;script&#62;alert(1)&#60;/script&#62;&#38;amp;&#34;&#39;`&#60;/style&#62;&#60;!--'
    )
    expect(html).toContain('&#60;/h2&#62;&#60;img src=x onerror=alert(1)&#62;')
    expect(html).toContain('&#60;b&#62;bold&#60;/b&#62; &#38; &#60;i&#62;\u202eevil&#60;/i&#62;')
    // Names sit in <bdi>, so that a right-to-left override in one runs no further.
    expect(html).toContain(`<bdi>&#60;script&#62;`)
  })

  it('loads nothing: no script, no address of any other file or host', () => {
    const html = file(files(fleet(5, NOW), true), 'index.html')
    expect(html).not.toMatch(/<script|<img|<iframe|<object|<embed|@import|url\(|src=/i)
    const links = [...html.matchAll(/href="([^"]*)"/g)].map(match => match[1])
    expect(new Set(links)).toEqual(
      new Set(['feed.atom', 'status.json', ...links.filter(link => link.startsWith('#t-'))])
    )
  })

  it('says how things are in its headline', () => {
    const headline = (sources: PageSource[]) =>
      /<p class="banner [a-z]+">.*?<span>(.*?)<\/span>/.exec(file(files(sources, false), 'index.html'))![1]
    const up = (name: string) => ({ target: pageTarget(name), ...simulate(FROM, NOW, []) })
    const down = (name: string, kind: 'down' | 'degraded' = 'down') => ({
      target: pageTarget(name),
      ...simulate(FROM, NOW, [{ start: NOW - HOUR_MS, kind }])
    })
    expect(headline([up('a'), up('b')])).toBe('All systems operational')
    expect(headline([down('a'), down('b'), up('c')])).toBe('2 of 3 down')
    expect(headline([down('a', 'degraded'), up('c')])).toBe('1 of 2 degraded')
    expect(headline([down('a'), down('b', 'degraded'), up('c')])).toBe('1 of 3 down, 1 degraded')
    // A target never seen whose first failed checks have not reached its threshold is not shown as up.
    const assumed = { target: pageTarget('new'), state: { state: 'up' as const, assumed: true } }
    expect(headline([assumed])).toBe('Not checked yet')
    expect(json(files([assumed], false)).targets[0].state).toBeNull()
  })

  it('gives each run of bars a title with its date, uptime and incidents', () => {
    const html = file(files(pair(), false), 'index.html')
    expect(html).toContain('<title>19 Nov 2026: 97.91% up, down 30m, 1 incident</title>')
    expect(html).toContain('<title>20 Nov – 28 Nov 2026: no downtime</title>')
    expect(html).toContain('<title>29 Nov 2026: 75.00% up, down 2h, 1 incident</title>')
  })

  it('stays under 150 KB for 50 targets with 90 days of history, details and all', () => {
    const sources = fleet(50, NOW)
    for (const details of [false, true]) {
      const size = Buffer.byteLength(file(files(sources, details), 'index.html'))
      expect(size).toBeLessThan(150 * 1024)
    }
  })
})

describe('feed.atom', () => {
  /** The feed's entries as a strict XML parser reads them; it throws on anything not well-formed. */
  function entries(xml: string): { id: string; title: string; updated: string }[] {
    const parser = new SaxesParser({ xmlns: true })
    const found: { id: string; title: string; updated: string }[] = []
    const path: string[] = []
    let text = ''
    let root = ''
    parser.on('error', error => {
      throw error
    })
    parser.on('opentag', tag => {
      if (path.length === 0) root = `${tag.uri} ${tag.local}`
      path.push(tag.local)
      if (tag.local === 'entry') found.push({ id: '', title: '', updated: '' })
      text = ''
    })
    parser.on('text', chunk => (text += chunk))
    parser.on('closetag', tag => {
      path.pop()
      if (path[path.length - 1] === 'entry' && ['id', 'title', 'updated'].includes(tag.local))
        found[found.length - 1][tag.local as 'id'] = text
    })
    parser.write(xml).close()
    expect(root).toBe('http://www.w3.org/2005/Atom feed')
    return found
  }

  it('parses as XML, hostile names and all', () => {
    const name = '<x> & ]]> \ufffe \u0007 "\'</entry>'
    const sources = [
      { target: pageTarget(name), ...simulate(FROM, NOW, [{ start: NOW - HOUR_MS, reason: '</content>&' }]) }
    ]
    const [entry] = entries(file(files(sources, true), 'feed.atom'))
    expect(entry.title).toBe('<x> & ]]> \ufffd \\u0007 "\'</entry> down')
  })

  it("keeps an incident's id from run to run, and updates its entry when it ends", () => {
    const start = NOW - 3 * HOUR_MS
    const outage = { start, reason: 'HTTP 500' }
    const ongoing = entries(
      file(files([{ target: pageTarget('api'), ...simulate(FROM, NOW, [outage]) }], false), 'feed.atom')
    )
    const later = NOW + 2 * HOUR_MS
    const ended = entries(
      file(
        files(
          [{ target: pageTarget('api'), ...simulate(FROM, later, [{ ...outage, end: NOW + HOUR_MS }]) }],
          false,
          later
        ),
        'feed.atom'
      )
    )
    expect(ongoing).toHaveLength(1)
    expect(ended.map(entry => entry.id)).toEqual(ongoing.map(entry => entry.id))
    expect(ongoing[0].id).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
    expect([ongoing[0].title, ongoing[0].updated]).toEqual(['api down', '2026-11-29T05:00:00Z'])
    expect([ended[0].title, ended[0].updated]).toEqual(['api down for 4h', '2026-11-29T09:00:00Z'])
  })

  it('does not change from one run to the next while no incident starts or ends', () => {
    const sources = pair()
    expect(file(files(sources, true, NOW + 10 * 60_000), 'feed.atom')).toBe(
      file(files(sources, true), 'feed.atom')
    )
  })
})

describe('badges', () => {
  it('are shields.io endpoint JSON, for the state and the uptime over 30 days', () => {
    const all = files(pair(), false)
    const badge = (name: string) => JSON.parse(file(all, name)) as EndpointBadge
    expect(badge('badges/api.json')).toEqual({
      schemaVersion: 1,
      label: 'api',
      message: 'down',
      color: 'red'
    })
    expect(badge('badges/web.json')).toEqual({
      schemaVersion: 1,
      label: 'web',
      message: 'up',
      color: 'brightgreen'
    })
    expect(badge('badges/uptime-30d/api.json')).toEqual({
      schemaVersion: 1,
      label: 'uptime 30d',
      message: '99.65%',
      color: 'green'
    })
    expect(badge('badges/uptime-30d/web.json')).toMatchObject({ message: '100%', color: 'brightgreen' })
    expect(json(all).targets[0].badges).toEqual({
      state: 'badges/api.json',
      uptime30d: 'badges/uptime-30d/api.json'
    })
  })

  it('get file names safe anywhere, one per name', () => {
    expect(badgeFile('api')).toBe('api')
    expect(badgeFile('db-eu.primary_2')).toBe('db-eu.primary_2')
    expect(badgeFile('Web API (EU)')).toBe('web-api-eu~1313a4ea')
    const names = [
      'API',
      'api',
      'Api',
      '../etc/passwd',
      '.hidden',
      'a.',
      'Ünïcödé',
      '日本語',
      '',
      ' ',
      'x'.repeat(300),
      'con',
      'a/b',
      'a\\b'
    ]
    const slugs = names.map(badgeFile)
    expect(new Set(slugs).size).toBe(names.length)
    for (const slug of slugs) {
      expect(slug).toMatch(/^[a-z0-9][a-z0-9._~-]{0,63}$/)
      expect(slug).not.toMatch(/\.$/)
    }
    expect(badgeFile('Ünïcödé')).toMatch(/^unicode~/)
    expect(badgeFile('日本語')).toMatch(/^target~/)
  })

  it('never take a name Windows keeps for a device, in any case, with or without an extension', () => {
    expect(badgeFile('con')).toBe('con~1143da2b')
    expect(badgeFile('nul.eu')).toBe('nul-eu~db55ddb5')
    const devices = ['con', 'prn', 'aux', 'nul', ...[...'0123456789'].flatMap(n => [`com${n}`, `lpt${n}`])]
    const names = devices.flatMap(device => [device, device.toUpperCase(), `${device}.json`, `${device}.a.b`])
    for (const name of names) {
      const slug = badgeFile(name)
      expect([name, slug]).toEqual([name, expect.stringMatching(/^[a-z0-9-]+~[0-9a-f]{8}$/)])
      expect(slug.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/)
    }
    expect(new Set(names.map(badgeFile)).size).toBe(names.length)
    // Only those: names that start like one are their own file names.
    for (const name of ['cons', 'com10', 'lpt', 'auxiliary', 'nul-eu', 'con_1', 'icon'])
      expect(badgeFile(name)).toBe(name)
  })
})

describe('the publisher', () => {
  const sources = pair()
  const first = files(sources, true)
  const later = files(sources, true, NOW + 5 * 60_000)

  it('writes a directory, then only what changed, and removes the files of targets gone', async () => {
    const directory = path.join(await mkdtemp(path.join(tmpdir(), 'upwatch-page-')), 'site')
    const destination = pageDestination(directory)
    const aws = { region: () => REGION }
    expect(await publishPage(first, destination, aws)).toEqual({
      written: first.map(each => each.path),
      removed: [],
      unchanged: 0
    })
    for (const each of first) expect(await readFile(path.join(directory, each.path), 'utf8')).toBe(each.body)

    // Five minutes later the page and its JSON say a new time, and api, down, has a lower uptime; the feed
    // and the other badges are as they were.
    const changed = ['index.html', 'status.json', 'badges/uptime-30d/api.json']
    expect(await publishPage(later, destination, aws)).toEqual({
      written: changed,
      removed: [],
      unchanged: later.length - changed.length
    })
    expect(await publishPage(later, destination, aws)).toMatchObject({ written: [], unchanged: later.length })

    // A file changed on disk behind the publisher's back is written again.
    await writeFile(path.join(directory, 'badges/api.json'), '{}')
    expect((await publishPage(later, destination, aws)).written).toEqual(['badges/api.json'])

    const webOnly = files([sources[1]], true, NOW + 5 * 60_000)
    const published = await publishPage(webOnly, destination, aws)
    expect(published.removed).toEqual(['badges/api.json', 'badges/uptime-30d/api.json'])
    expect((await readdir(path.join(directory, 'badges'))).sort()).toEqual(['uptime-30d', 'web.json'])
  })

  it('removes nothing a manifest names outside the page', async () => {
    const outer = await mkdtemp(path.join(tmpdir(), 'upwatch-page-'))
    const directory = path.join(outer, 'site')
    await writeFile(path.join(outer, 'keep.json'), 'mine')
    await publishPage(first, pageDestination(directory), { region: () => REGION })
    const manifest = JSON.parse(await readFile(path.join(directory, MANIFEST), 'utf8')) as {
      files: Record<string, string>
    }
    manifest.files['../keep.json'] = 'x'
    manifest.files['badges/../../keep.json'] = 'x'
    await writeFile(path.join(directory, MANIFEST), JSON.stringify(manifest))
    expect((await publishPage(first, pageDestination(directory), { region: () => REGION })).removed).toEqual(
      []
    )
    expect(await readFile(path.join(outer, 'keep.json'), 'utf8')).toBe('mine')
  })

  it('leaves a manifest that claims nothing untrue when a write fails, and the next run puts all right', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'upwatch-page-'))
    const destination = pageDestination(directory)
    const aws = { region: () => REGION }
    const page = (entries: [string, string][]) =>
      entries.map(([name, body]) => ({ ...first[0], path: name, body }))
    const before = page([
      ['status.json', 'up'],
      ['badges/api.json', 'up'],
      ['badges/old.json', 'old']
    ])
    await publishPage(before, destination, aws)
    // The new badge is written, the next file cannot be: its folder is a link to nowhere.
    await symlink(path.join(directory, 'nowhere'), path.join(directory, 'badges', 'uptime-30d'))
    const after = page([
      ['status.json', 'down'],
      ['badges/api.json', 'down'],
      ['badges/new.json', 'new'],
      ['badges/uptime-30d/api.json', 'down'],
      ['feed.atom', 'api down']
    ])
    await expect(publishPage(after, destination, aws)).rejects.toThrow(/could not be written/)
    expect(await readFile(path.join(directory, 'badges/new.json'), 'utf8')).toBe('new')
    const manifest = JSON.parse(await readFile(path.join(directory, MANIFEST), 'utf8')) as {
      files: Record<string, string>
    }
    const claims = Object.entries(manifest.files).filter(([, hash]) => hash !== '')
    for (const [name, hash] of claims)
      expect([name, md5(await readFile(path.join(directory, name), 'utf8'))]).toEqual([name, hash])
    expect(Object.keys(manifest.files)).toContain('badges/new.json')

    await rm(path.join(directory, 'badges', 'uptime-30d'))
    // Every path the failed run may have written: those it did not are no more there than before.
    expect((await publishPage(before, destination, aws)).removed).toEqual([
      'badges/new.json',
      'badges/uptime-30d/api.json',
      'feed.atom'
    ])
    expect((await readdir(directory, { recursive: true })).sort()).toEqual(
      ['badges', 'badges/api.json', 'badges/old.json', 'status.json', MANIFEST].sort()
    )
    for (const each of before) expect(await readFile(path.join(directory, each.path), 'utf8')).toBe(each.body)
  })

  describe('on S3', () => {
    const app = buildApp({ logger: false })
    const requests: { method: string; url: string; contentType?: string; cacheControl?: string }[] = []
    let s3: S3Client
    const saved = { ...process.env }

    beforeAll(async () => {
      app.addHook('onRequest', (request, _reply, done) => {
        requests.push({
          method: request.method,
          url: request.url,
          contentType: request.headers['content-type'],
          cacheControl: request.headers['cache-control']
        })
        done()
      })
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as { port: number }
      const endpoint = `http://127.0.0.1:${port}`
      // The publisher finds the endpoint as the action does: the SDK's own variable.
      process.env.AWS_ENDPOINT_URL_S3 = endpoint
      s3 = s3Client(endpoint)
      await s3.send(new CreateBucketCommand({ Bucket: 'status' }))
    })
    afterAll(async () => {
      process.env = saved
      s3.destroy()
      await app.close()
    })

    const aws = { region: () => REGION, credentials: CREDENTIALS }
    const puts = () => requests.filter(request => request.method === 'PUT')
    const take = () => requests.splice(0)
    const get = async (key: string) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'status', Key: key }))
      return { body: await object.Body!.transformToString(), contentType: object.ContentType }
    }

    it('puts every file once, with its type and cache headers, and then only what changed', async () => {
      const destination = pageDestination('s3://status/pages/acme/')
      take()
      expect((await publishPage(first, destination, aws)).written).toHaveLength(first.length)
      // The manifest first, every page path in it marked unknown, then the files, then the manifest whole.
      const written = puts()
      const keys = written.map(request => request.url.replace(/\?.*/, ''))
      expect([keys[0], keys.at(-1)]).toEqual([MANIFEST, MANIFEST].map(key => `/status/pages/acme/${key}`))
      expect(keys.slice(1, -1).sort()).toEqual(first.map(each => `/status/pages/acme/${each.path}`).sort())
      expect(JSON.parse((await get(`pages/acme/${MANIFEST}`)).body)).toEqual({
        version: 1,
        files: Object.fromEntries(first.map(each => [each.path, md5(each.body)]))
      })
      const index = written.find(request => request.url.startsWith('/status/pages/acme/index.html'))!
      expect(index).toMatchObject({
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'public, max-age=60'
      })
      const badge = written.find(request => request.url.startsWith('/status/pages/acme/badges/api.json'))!
      expect(badge).toMatchObject({
        contentType: 'application/json; charset=utf-8',
        cacheControl: 'public, max-age=300'
      })
      expect(await get('pages/acme/feed.atom')).toEqual({
        body: file(first, 'feed.atom'),
        contentType: 'application/atom+xml; charset=utf-8'
      })

      // The same page again: one GetObject for the manifest, nothing put.
      take()
      expect(await publishPage(first, destination, aws)).toEqual({
        written: [],
        removed: [],
        unchanged: first.length
      })
      expect(take().map(request => request.method)).toEqual(['GET'])

      // A new time: the page, its JSON and the uptime of api (down), between the two manifests.
      const changed = ['index.html', 'status.json', 'badges/uptime-30d/api.json']
      expect((await publishPage(later, destination, aws)).written).toEqual(changed)
      expect(puts().map(request => request.url.replace(/\?.*/, ''))).toEqual(
        [MANIFEST, ...changed, MANIFEST].map(key => `/status/pages/acme/${key}`)
      )
      expect((await get('pages/acme/index.html')).body).toBe(file(later, 'index.html'))
    })

    it('deletes the badges of a target gone, and starts afresh from a garbled manifest', async () => {
      const destination = pageDestination('s3://status/gone')
      await publishPage(first, destination, aws)
      take()
      const webOnly = files([sources[1]], true)
      expect((await publishPage(webOnly, destination, aws)).removed).toEqual([
        'badges/api.json',
        'badges/uptime-30d/api.json'
      ])
      expect(
        take()
          .filter(request => request.method === 'DELETE')
          .map(request => request.url.replace(/\?.*/, ''))
      ).toEqual(['/status/gone/badges/api.json', '/status/gone/badges/uptime-30d/api.json'])
      await expect(get('gone/badges/api.json')).rejects.toMatchObject({ name: 'NoSuchKey' })

      await s3.send(
        new (await import('@aws-sdk/client-s3')).PutObjectCommand({
          Bucket: 'status',
          Key: `gone/${MANIFEST}`,
          Body: '{garbled'
        })
      )
      expect((await publishPage(webOnly, destination, aws)).written).toHaveLength(webOnly.length)
    })

    it('fails with what to check when the bucket is not there', async () => {
      await expect(publishPage(first, pageDestination('s3://no-such-bucket/x'), aws)).rejects.toThrow(
        /^The status page could not be written to s3:\/\/no-such-bucket\/x\/: .*Check that the bucket exists and that the credentials allow s3:GetObject, s3:PutObject and s3:DeleteObject on no-such-bucket\/x\/\*\.$/
      )
    })
  })
})
