import { randomBytes, randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { aggregateStream, catalogueFold, userFold } from '@hyoka/command-handling';
import {
  ForbiddenError,
  catalogueStream,
  departmentsOf,
  ROLES,
  ROLE_LABELS,
  decideUser,
  emailOf,
  userStream,
  type Actor,
  type Role,
  type UserCommand,
  type UserState,
  type CommandContext,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { CliError } from '../errors.js';
import { adminHint, provenance, recordOnStream, resolveActor } from '../support/append.js';
import { run, type RunContext } from '../support/command.js';
import { line, table, type Io } from '../support/output.js';
import { hashPassword, readNewPassword } from '../support/password.js';
import { withStore } from '../support/settings.js';
import { loadUserDirectory, type UserDirectory } from '../support/user-directory.js';

interface UsersOptions {
  as?: string;
}

/** `Staff`, `staff`, `Staff@<部のID>` → a role and its 部 (whether the plan has that 部 is the domain's check). */
export function parseRole(text: string): { role: Role; departmentId: string | null } {
  const [name = '', department] = text.split('@');
  const role = ROLES.find((r) => r.toLowerCase() === name.trim().toLowerCase());
  if (!role) {
    throw new InvalidArgumentError(`役割は ${ROLES.join(', ')} のいずれかです / the role must be one of ${ROLES.join(', ')}`);
  }
  return { role, departmentId: department === undefined ? null : parseDepartment(department) };
}

export function parseDepartment(text: string): string {
  const id = text.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id)) {
    throw new InvalidArgumentError(`部のIDが正しくありません (hyoka plan show で確かめてください) / not a department id: '${id}'`);
  }
  return id;
}

/** The plan's 部, which a grant must name (the organisation is data). */
const departmentsIn = async (store: EventStore): Promise<CommandContext['departments']> =>
  departmentsOf((await aggregateStream(store, catalogueStream(), catalogueFold)).state);

const describeRoles = (roles: readonly { role: Role; departmentId: string | null }[]) =>
  roles.map((r) => (r.departmentId ? `${r.role}@${r.departmentId}` : r.role)).join(', ') || '-';

/** Runs one user command against the user's stream as it is now, and appends what decide returns. */
async function changeUser(
  store: EventStore,
  users: UserDirectory,
  loginName: string,
  actor: Actor,
  command: UserCommand,
): Promise<{ position: bigint; state: UserState }> {
  const entry = users.byLogin(loginName);
  if (!entry) throw new CliError(`ログイン名「${loginName}」のユーザーはいません / no user with login name '${loginName}'`);
  const p = provenance(actor);
  return recordOnStream(store, userStream(entry.userId), userFold, userDecide(command, actor, p.now, await departmentsIn(store)), p);
}

/** decideUser for one command, with the --as hint on a refusal only an administrator may overcome. */
const userDecide = (command: UserCommand, actor: Actor, now: string, departments: CommandContext['departments']) => (state: UserState) =>
  decideWithHint(() => decideUser(command, state, { actor, now, departments }), actor);

export function decideWithHint<T>(decide: () => T, actor: Actor): T {
  try {
    return decide();
  } catch (error) {
    if (error instanceof ForbiddenError) throw new ForbiddenError(error.message + adminHint(actor), error.details);
    throw error;
  }
}

async function withUsers<T>(
  ctx: RunContext<UsersOptions>,
  work: (store: EventStore, users: UserDirectory, actor: Actor) => Promise<T>,
): Promise<T> {
  return withStore(ctx.settings.store, {}, async (store) => {
    const users = await loadUserDirectory(store, ctx.settings.readModelFile);
    const actor = await resolveActor(store, users, ctx.options.as);
    return work(store, users, actor);
  });
}

export function usersCommand(io: Io): Command {
  const users = new Command('users')
    .summary('利用者と役割の管理 / manage users and their roles')
    .description(
      '利用者の一覧・登録・役割の付与と取り消し・無効化・有効化・パスワード変更。変更はドメインの decideUser を通り、\n' +
        'system:cli (既定) または --as で指定した管理者の操作としてイベントストアに記録されます。\n' +
        'List, create, grant and revoke roles, disable, enable, set passwords. Changes go through the domain\'s decideUser\n' +
        "and are recorded as the actor 'system:cli' (default) or the administrator named by --as.",
    )
    .option('--as <login>', '管理者として実行 (その管理者の操作として記録) / act as this administrator');

  users
    .command('list')
    .summary('利用者の一覧 / list users')
    .description('利用者の一覧 (パスワードのハッシュは表示しません) / every user, without password hashes')
    .option('--json', 'JSON で出力 / print JSON')
    .action(
      run<UsersOptions & { json?: boolean }, []>(io, async (ctx) =>
        withStore(ctx.settings.store, {}, async (store) => {
          const all = (await loadUserDirectory(store, ctx.settings.readModelFile)).all();
          if (ctx.options.json) return line(io.out, JSON.stringify(all, null, 2));
          const rows = [['login', 'name / 氏名', 'roles / 役割', 'status / 状態', 'userId']];
          for (const u of all) rows.push([u.loginName, u.displayName, describeRoles(u.roles), u.disabled ? 'disabled 無効' : 'active 有効', u.userId]);
          line(io.out, table(rows));
        }),
      ),
    );

  users
    .command('create')
    .summary('利用者の登録 / create a user')
    .description(
      '利用者を登録し、--role の役割を付与します。パスワードは端末では2回入力、そうでなければ標準入力の1行目から読みます\n' +
        '(コマンドラインには書きません)。\n' +
        'Registers a user and grants the --role roles. The password is typed twice at a hidden prompt, or read from the first\n' +
        'line of standard input; never from the command line.',
    )
    .argument('<login>', 'ログイン名 (英小文字・数字・. _ -) / login name')
    .requiredOption('--name <displayName>', '表示名 / display name')
    .option('--role <role[@department]>', '付与する役割 (繰り返し可), 例 Staff@部のID / role to grant (repeatable), e.g. Staff@<department id>', (v, prev: ReturnType<typeof parseRole>[]) => [...prev, parseRole(v)], [])
    .option('--generate-password', 'ランダムなパスワードを作り一度だけ表示 / generate a random password and print it once')
    .action(
      run<UsersOptions & { name: string; role: ReturnType<typeof parseRole>[]; generatePassword?: boolean }, [string]>(io, async (ctx, login) =>
        withUsers(ctx, async (store, users, actor) => {
          if (users.byLogin(login)) {
            throw new CliError(`ログイン名「${login}」は既に使われています / the login name '${login}' is taken`);
          }
          const password = ctx.options.generatePassword ? randomBytes(12).toString('base64url') : await readNewPassword(io);
          const passwordHash = await hashPassword(password, ctx.settings.argon2);
          const userId = randomUUID();
          const p = provenance(actor);
          const commands: UserCommand[] = [
            { type: 'RegisterUser', data: { userId, loginName: login, displayName: ctx.options.name, passwordHash } },
            ...ctx.options.role.map((role): UserCommand => ({ type: 'GrantRole', data: role })),
          ];
          const departments = await departmentsIn(store);
          const steps = commands.map((command) => userDecide(command, actor, p.now, departments));
          const { position } = await recordOnStream(store, userStream(userId), userFold, steps, p);
          line(io.out, `ユーザーを登録しました / created user ${login} (${userId}), roles: ${describeRoles(ctx.options.role)}; position ${position}`);
          if (ctx.options.generatePassword) line(io.out, `password: ${password}`);
        }),
      ),
    );

  const roleCommand = (name: 'grant' | 'revoke') =>
    users
      .command(name)
      .summary(name === 'grant' ? '役割の付与 / grant a role' : '役割の取り消し / revoke a role')
      .description(
        name === 'grant'
          ? `役割を付与します。Staff と DepartmentHead には --department (または Role@部) が必要です。\nGrants a role; Staff and DepartmentHead need --department.\n役割 / roles: ${ROLES.map((r) => `${r} ${ROLE_LABELS[r]}`).join(', ')}\n部は計画の部のID (hyoka plan show) / departments: the plan's department ids (hyoka plan show)`
          : `役割を取り消します (管理者のみ: --as が必要) / revokes a role (administrators only: needs --as)`,
      )
      .argument('<login>', 'ログイン名 / login name')
      .argument('<role>', '役割 (Role または Role@部) / role', parseRole)
      .option('--department <id>', '部 / department', parseDepartment)
      .action(
        run<UsersOptions & { department?: string }, [string, ReturnType<typeof parseRole>]>(io, async (ctx, login, role) =>
          withUsers(ctx, async (store, users, actor) => {
            const departmentId = ctx.options.department ?? role.departmentId;
            const data = { role: role.role, departmentId };
            const { position } = await changeUser(store, users, login, actor, name === 'grant' ? { type: 'GrantRole', data } : { type: 'RevokeRole', data });
            const what = departmentId ? `${role.role}@${departmentId}` : role.role;
            line(io.out, `${name === 'grant' ? '付与しました / granted' : '取り消しました / revoked'} ${what} ${name === 'grant' ? 'to' : 'from'} ${login}; position ${position}`);
          }),
        ),
      );
  roleCommand('grant');
  roleCommand('revoke');

  users
    .command('disable')
    .summary('利用者の無効化 / disable a user')
    .description('利用者を無効化します (ログインできなくなります。管理者のみ: --as が必要) / disables a user (administrators only: needs --as)')
    .argument('<login>', 'ログイン名 / login name')
    .option('--reason <text>', '理由 / reason')
    .action(
      run<UsersOptions & { reason?: string }, [string]>(io, async (ctx, login) =>
        withUsers(ctx, async (store, users, actor) => {
          const { position } = await changeUser(store, users, login, actor, { type: 'DisableUser', data: { reason: ctx.options.reason ?? null } });
          line(io.out, `無効化しました / disabled ${login}; position ${position}`);
        }),
      ),
    );

  users
    .command('enable')
    .summary('利用者の有効化 / enable a user')
    .description('無効化した利用者を有効に戻します (管理者のみ: --as が必要) / enables a disabled user (administrators only: needs --as)')
    .argument('<login>', 'ログイン名 / login name')
    .action(
      run<UsersOptions, [string]>(io, async (ctx, login) =>
        withUsers(ctx, async (store, users, actor) => {
          const { position } = await changeUser(store, users, login, actor, { type: 'EnableUser', data: {} });
          line(io.out, `有効化しました / enabled ${login}; position ${position}`);
        }),
      ),
    );

  users
    .command('set-email')
    .summary('メールアドレスの設定 / set an e-mail address')
    .description(
      '通知メールの宛先を設定します (省略または空で削除)。管理者 (--as) または system:cli として記録されます。\n' +
        'Sets where notifications are mailed (leave out or empty to remove); recorded as the administrator (--as) or system:cli.',
    )
    .argument('<login>', 'ログイン名 / login name')
    .argument('[address]', 'メールアドレス / e-mail address')
    .action(
      run<UsersOptions, [string, string | undefined]>(io, async (ctx, login, address) =>
        withUsers(ctx, async (store, users, actor) => {
          const { position, state } = await changeUser(store, users, login, actor, { type: 'ChangeUserEmail', data: { email: address ?? null } });
          const email = emailOf(state);
          line(io.out, email ? `メールアドレスを設定しました / e-mail of ${login} set to ${email}; position ${position}` : `メールアドレスを削除しました / e-mail of ${login} removed; position ${position}`);
        }),
      ),
    );

  users
    .command('set-password')
    .summary('パスワードの設定 / set a password')
    .description(
      'パスワードを設定します (管理者、または --as で本人)。端末では2回入力、そうでなければ標準入力の1行目から読みます。\n' +
        'Sets a password (an administrator, or the person themself with --as); typed at a hidden prompt or read from stdin.',
    )
    .argument('<login>', 'ログイン名 / login name')
    .action(
      run<UsersOptions, [string]>(io, async (ctx, login) =>
        withUsers(ctx, async (store, users, actor) => {
          if (!users.byLogin(login)) throw new CliError(`ログイン名「${login}」のユーザーはいません / no user with login name '${login}'`);
          const passwordHash = await hashPassword(await readNewPassword(io), ctx.settings.argon2);
          const { position } = await changeUser(store, users, login, actor, { type: 'ChangePassword', data: { passwordHash } });
          line(io.out, `パスワードを変更しました / password of ${login} changed; position ${position}`);
        }),
      ),
    );

  return users;
}
