/** A person at a browser against a running API: a cookie jar and GraphQL over HTTP. */

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; details?: Record<string, unknown> };
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

/** The request never got an answer (the server was killed, refused the connection, or reset it). */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { userId } }`;

export class Client {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: () => string,
    readonly loginName: string,
    private readonly password: string,
  ) {}

  async signIn(): Promise<void> {
    this.cookies.clear();
    const answer = await this.post<{ login: { userId: string } }>(LOGIN, { input: { loginName: this.loginName, password: this.password } });
    if (answer.errors?.length) throw new Error(`sign-in of ${this.loginName} failed: ${JSON.stringify(answer.errors)}`);
  }

  /** One operation; signs in again once when the session is gone (e.g. the session store lost it in a crash). */
  async send<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
    let answer = await this.post<T>(query, variables);
    if (answer.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') {
      await this.signIn();
      answer = await this.post<T>(query, variables);
    }
    return answer;
  }

  private async post<T>(query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new NoAnswerError(`no answer from the API: ${String((error as Error).cause ?? error)}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new NoAnswerError(`the answer was cut off: ${String((error as Error).cause ?? error)}`);
    }
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    try {
      return JSON.parse(text) as GraphQLAnswer<T>;
    } catch {
      throw new Error(`not a GraphQL answer (HTTP ${response.status}): ${text.slice(0, 200)}`);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
