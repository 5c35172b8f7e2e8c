// 数据备份 (admin): the embedded store's backups, newest first, with a download link each; a button
// to take one now (before a risky step such as loading a new model or restoring a year); and a
// warning when the newest is more than two days old (the main job takes one each day it runs).
// On PostgreSQL the page says to use the database's own tools.
import { api } from '../api.js';
import { clear, h, toast } from '../dom.js';

const megabytes = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Whole days from a Beijing `yyyy-mm-dd HH:MM:ss` to now. */
function daysSince(takenAt) {
  const then = Date.parse(`${takenAt.replace(' ', 'T')}+08:00`);
  return Math.floor((Date.now() - then) / 86400000);
}

function listView(r) {
  if (!r.embedded) return h('div', { class: 'card', id: 'backup-list' }, h('p', null, r.advice));
  const newest = r.backups[0];
  const stale = !newest || daysSince(newest.takenAt) >= 2;
  return h(
    'div',
    { id: 'backup-list' },
    stale
      ? h('div', { class: 'error-box', id: 'backup-warning' }, newest ? `最近一次备份是 ${newest.takenAt}，已超过两天。` : '还没有任何备份。', r.keep > 0 ? '主程序每天运行时会自动备份；请确认主程序在运行，或立即备份。' : '每日自动备份已关闭（MINSHENG_BACKUP_KEEP=0），请定期手动备份。')
      : null,
    h('p', { class: 'muted' }, `备份目录：${r.dir}；${r.keep > 0 ? `每日自动备份，保留最近 ${r.keep} 份` : '每日自动备份已关闭'}。备份文件含全部留言和账号信息，请下载后妥善保管在另一台机器或移动硬盘上。恢复须停止主程序后在命令行运行 minsheng restore --input 备份文件。`),
    r.backups.length
      ? h(
          'table',
          { class: 'grid' },
          h('thead', null, h('tr', null, ['备份时间（北京时间）', '大小', '下载'].map((t) => h('th', null, t)))),
          h('tbody', null, r.backups.map((b) => h('tr', null, h('td', null, b.takenAt), h('td', { class: 'num' }, megabytes(b.bytes)), h('td', null, h('a', { href: `/api/console/backups/${encodeURIComponent(b.name)}`, download: b.name }, b.name))))),
        )
      : null,
  );
}

export async function renderBackups(view) {
  const list = h('div');
  const refresh = async () => {
    const r = await api('/api/console/backups');
    clear(list).append(listView(r));
    return r;
  };
  const now = h(
    'button',
    {
      class: 'primary',
      id: 'backup-now',
      onclick: async () => {
        now.disabled = true;
        try {
          const b = await api('/api/console/backups', { method: 'POST' });
          toast(`已备份：${b.name}（${megabytes(b.bytes)}）`);
          await refresh();
        } catch (error) {
          toast(error.message, 'error');
        } finally {
          now.disabled = false;
        }
      },
    },
    '立即备份',
  );
  view.append(h('div', { class: 'page-head' }, h('h2', null, '数据备份'), now), list);
  if (!(await refresh()).embedded) now.remove();
}
