import type { Officer } from '../../officers/types.js';
import { html, type Html } from './html.js';

/** Where each page lives and its name in the menu. */
export const NAV: ReadonlyArray<{ path: string; label: string; adminOnly?: boolean }> = [
  { path: '/admin', label: 'Tổng quan' },
  { path: '/admin/xa-phuong', label: 'Xã/phường' },
  { path: '/admin/cau-hoi', label: 'Câu hỏi' },
  { path: '/admin/thong-bao', label: 'Thông báo' },
  { path: '/admin/lua-dao', label: 'Lừa đảo' },
  { path: '/admin/ma-hoan-thanh', label: 'Kiểm tra mã' },
  { path: '/admin/nhat-ky', label: 'Nhật ký', adminOnly: true },
];

export interface PageOptions {
  title: string;
  officer?: Officer;
  /** The signed-in officer's commune names (shown under the title). */
  where?: string;
  csrf?: string;
  active?: string;
  body: Html;
}

/** The document around every dashboard page: Vietnamese, one local stylesheet, one local script. */
export function page(o: PageOptions): Html {
  const nav = o.officer
    ? html`<nav aria-label="Trang quản lý"><ul>${NAV.filter((n) => !n.adminOnly || o.officer?.role === 'admin').map(
        (n) => html`<li><a href="${n.path}"${n.path === o.active ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
      )}</ul></nav>`
    : '';
  const who = o.officer
    ? html`<div class="who"><span>${o.officer.displayName ?? o.officer.platformUserId} · ${o.officer.role === 'admin' ? 'Quản trị (toàn tỉnh)' : 'Cán bộ'}${o.where ? ` · ${o.where}` : ''}</span>
        <form method="post" action="/admin/dangxuat"><input type="hidden" name="_csrf" value="${o.csrf ?? ''}"><button type="submit" class="link">Đăng xuất</button></form></div>`
    : '';
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Quản lý Bình dân học vụ số</title>
<link rel="stylesheet" href="/admin/static/admin.css">
<script src="/admin/static/admin.js" defer></script>
</head>
<body>
<header><div class="bar"><strong>Bình dân học vụ số · Trang quản lý</strong>${who}</div>${nav}</header>
<main><h1>${o.title}</h1>${o.body}</main>
</body>
</html>`;
}

/** A short page with one message (signed out, link used, not allowed…). */
export function messagePage(title: string, lines: string[], officer?: Officer, csrf?: string): Html {
  return page({ title, officer, csrf, body: html`${lines.map((l) => html`<p>${l}</p>`)}` });
}
