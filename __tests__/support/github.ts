// A local stand-in for the GitHub REST API, on 127.0.0.1 at GITHUB_API_URL: the endpoints upwatch calls, with
// the state they keep (issues, comments, labels, workflows), every call recorded, and answers a test can
// put in front of the real ones (a rate limit, a server error).
import http from 'node:http'
import { listen } from './servers.js'

export interface Issue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  assignees: string[]
  comments: string[]
  /** Who opened it: upwatch (through the API) or a person (made by the test). */
  user: string
  created_at: string
  updated_at: string
  locked: boolean
}

export interface Call {
  method: string
  path: string
  body?: Record<string, unknown>
  status: number
}

export interface Canned {
  /** Which calls it answers: `POST /repos/acme/monitor/issues`, or a prefix of one. */
  route: string
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** How many calls it answers before the real endpoint answers again. */
  times: number
}

export interface GitHubApi {
  /** The base URL, for GITHUB_API_URL. */
  url: string
  /** The token the server accepts, for the input github-token. */
  token: string
  issues: Issue[]
  calls: Call[]
  labels: Set<string>
  /** Workflows enabled through PUT .../enable, by id or file name. */
  enabled: string[]
  /** The repository's pushed_at, as GET /repos/:owner/:repo answers it. */
  pushedAt: string
  /** Answers to give before the real ones. */
  canned: Canned[]
  /** An issue made by a person, as a test sets up. */
  personIssue(title: string, labels: string[], body?: string): Issue
  /** The calls that are not GETs: what changed something. */
  writes(): Call[]
  reset(): void
  close(): Promise<void>
}

const TOKEN = 'ghs_standin0token0for0tests0only00000000'

export async function startGitHubApi(owner = 'acme', repo = 'monitor'): Promise<GitHubApi> {
  const base = `/repos/${owner}/${repo}`
  const api: Omit<GitHubApi, 'url' | 'close'> = {
    token: TOKEN,
    issues: [],
    calls: [],
    labels: new Set(),
    enabled: [],
    pushedAt: new Date().toISOString(),
    canned: [],
    personIssue(title, labels, body = 'Opened by a person.') {
      const issue = newIssue(title, body, labels, [], 'octocat')
      this.issues.push(issue)
      return issue
    },
    writes() {
      return this.calls.filter(call => call.method !== 'GET')
    },
    reset() {
      this.issues.length = 0
      this.calls.length = 0
      this.labels.clear()
      this.enabled.length = 0
      this.canned.length = 0
    }
  }
  const newIssue = (
    title: string,
    body: string,
    labels: string[],
    assignees: string[],
    user: string
  ): Issue => {
    const at = new Date().toISOString()
    return {
      number: api.issues.length + 1,
      title,
      body,
      state: 'open',
      state_reason: null,
      labels,
      assignees,
      comments: [],
      user,
      created_at: at,
      updated_at: at,
      locked: false
    }
  }
  const shown = (issue: Issue) => ({
    ...issue,
    labels: issue.labels.map(name => ({ name })),
    assignees: issue.assignees.map(login => ({ login })),
    user: { login: issue.user },
    comments: issue.comments.length,
    html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`
  })

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://api')
      const method = request.method ?? 'GET'
      const text = Buffer.concat(chunks).toString('utf8')
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
      const answer = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        api.calls.push({ method, path: url.pathname + url.search, body, status })
        response.writeHead(status, { 'content-type': 'application/json', ...headers })
        response.end(payload === undefined ? '' : JSON.stringify(payload))
      }
      if (request.headers.authorization !== `token ${TOKEN}`)
        return answer(401, { message: 'Bad credentials' })
      const route = `${method} ${url.pathname}`
      const canned = api.canned.find(entry => entry.times > 0 && route.startsWith(entry.route))
      if (canned) {
        canned.times--
        return answer(canned.status, canned.body ?? { message: 'canned' }, canned.headers)
      }
      const parts = url.pathname.slice(base.length).split('/').filter(Boolean)
      if (!url.pathname.startsWith(base)) return answer(404, { message: 'Not Found' })
      const issue =
        parts[0] === 'issues' && parts[1] ? api.issues.find(i => i.number === Number(parts[1])) : undefined

      if (method === 'GET' && parts.length === 0)
        return answer(200, { full_name: `${owner}/${repo}`, pushed_at: api.pushedAt })
      if (parts[0] === 'labels') {
        if (method === 'GET' && parts[1])
          return api.labels.has(decodeURIComponent(parts[1]))
            ? answer(200, { name: decodeURIComponent(parts[1]) })
            : answer(404, { message: 'Not Found' })
        if (method === 'POST') {
          const name = String(body?.name)
          if (api.labels.has(name))
            return answer(422, { message: 'Validation Failed', errors: [{ code: 'already_exists' }] })
          api.labels.add(name)
          return answer(201, { name, color: body?.color })
        }
      }
      if (parts[0] === 'issues' && parts.length === 1) {
        if (method === 'GET') {
          const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean)
          const state = url.searchParams.get('state') ?? 'open'
          const since = url.searchParams.get('since')
          const perPage = Number(url.searchParams.get('per_page') ?? 30)
          const page = Number(url.searchParams.get('page') ?? 1)
          const found = api.issues
            .filter(i => labels.every(label => i.labels.includes(label)))
            .filter(i => state === 'all' || i.state === state)
            .filter(i => !since || i.updated_at >= since)
            .sort((a, b) => b.number - a.number)
          return answer(200, found.slice((page - 1) * perPage, page * perPage).map(shown))
        }
        if (method === 'POST') {
          const labels = (body?.labels as string[] | undefined) ?? []
          for (const label of labels) api.labels.add(label)
          const made = newIssue(
            String(body?.title),
            typeof body?.body === 'string' ? body.body : '',
            labels,
            (body?.assignees as string[] | undefined) ?? [],
            'github-actions[bot]'
          )
          api.issues.push(made)
          return answer(201, shown(made))
        }
      }
      if (parts[0] === 'issues' && parts[1] && !issue) return answer(404, { message: 'Not Found' })
      if (issue && parts.length === 2) {
        if (method === 'GET') return answer(200, shown(issue))
        if (method === 'PATCH') {
          if (body?.state === 'open' || body?.state === 'closed') issue.state = body.state
          if (typeof body?.state_reason === 'string') issue.state_reason = body.state_reason
          if (typeof body?.body === 'string') issue.body = body.body
          issue.updated_at = new Date().toISOString()
          return answer(200, shown(issue))
        }
      }
      if (issue && parts[2] === 'comments' && method === 'POST') {
        issue.comments.push(String(body?.body))
        issue.updated_at = new Date().toISOString()
        return answer(201, { id: issue.comments.length, body: body?.body })
      }
      if (parts[0] === 'actions' && parts[1] === 'workflows' && parts[3] === 'enable' && method === 'PUT') {
        api.enabled.push(decodeURIComponent(parts[2]))
        return answer(204)
      }
      return answer(404, { message: `Not Found: ${route}` })
    })
  })
  const port = await listen(server)
  return Object.assign(api as GitHubApi, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })
}

/** A primary rate limit's answer, as GitHub gives it: 403, no calls left, and when they come back. */
export function rateLimited(route: string, times: number, resetInSeconds = 1): Canned {
  return {
    route,
    status: 403,
    times,
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds)
    },
    body: { message: 'API rate limit exceeded for installation.' }
  }
}
