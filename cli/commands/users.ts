/**
 * `minsheng users reset-password <用户名>`: a new password for an account, generated and shown once,
 * at the server's own command line (workflow/users/reset-password.ts): the way back in when
 * nobody has admin's password. Through the running main job while it holds the embedded store
 * (the local token only), else on the store itself.
 */
import type { PasswordReset } from '../../workflow/index.js';
import type { RegisterCommand } from '../program.js';
import { askMainJob, cliAdmin, runningMainJob, withStore } from '../with-store.js';

export const registerUsersCommand: RegisterCommand = (program, ctx) => {
  const users = program.command('users').description('账号维护（在服务器本机执行）');
  users
    .command('reset-password')
    .description('为账号生成新密码并显示一次（忘记密码、管理员密码丢失时使用）：解除登录锁定，结束该账号已登录的会话，事件记录中留痕')
    .argument('<用户名>', '要重置密码的账号，如 admin')
    .action(async (username: string) => {
      const running = await runningMainJob(ctx);
      let reset: PasswordReset;
      if (running) {
        ctx.io.stderr(`内置数据库正由民声主程序（pid ${running.pid}）使用，经其接口重置……\n`);
        reset = await askMainJob<PasswordReset>(running, '/api/cli/users/reset-password', { method: 'POST', body: { username } });
      } else {
        reset = await withStore(ctx, async (store) => (await await import('../../workflow/index.js')).resetPassword(store.db, { username, actor: cliAdmin }), 'minsheng users reset-password');
      }
      ctx.io.stdout(`已为 ${reset.shownAs} 设置新密码：${reset.password}\n（只显示这一次，请登录后在控制台立即修改）\n`);
      ctx.io.stdout(`已解除登录锁定${reset.sessionsEnded > 0 ? `，已结束该账号的 ${reset.sessionsEnded} 个登录会话` : ''}。\n`);
      if (reset.disabled) ctx.io.stderr('注意：该账号已停用，启用前仍不能登录（管理员在控制台「账号」页启用）。\n');
    });
};
