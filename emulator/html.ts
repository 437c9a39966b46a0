/** Tiny server-side HTML helpers shared by the sign-in and Outlook pages. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",system-ui,-apple-system,Roboto,Helvetica,Arial,sans-serif;color:#242424;background:#f5f5f5}
a{color:#0f6cbd}
button,input,select,textarea{font:inherit}
.btn{border:1px solid #d1d1d1;background:#fff;color:#242424;border-radius:4px;padding:6px 14px;cursor:pointer}
.btn:hover{background:#f0f0f0}
.btn-primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}
.btn-primary:hover{background:#115ea3}
.btn-danger{color:#b10e1c;border-color:#e3b3b7}
.sandbox-badge{display:inline-block;font-size:12px;font-weight:600;color:#8a3707;background:#fdf0e3;border:1px solid #f4bfab;border-radius:10px;padding:2px 8px}
input[type=text],input[type=email],input[type=date],select,textarea{border:1px solid #d1d1d1;border-radius:4px;padding:6px 8px;background:#fff}
`;

export function htmlDocument(title: string, css: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${BASE_CSS}${css}</style></head><body>${body}</body></html>`;
}
