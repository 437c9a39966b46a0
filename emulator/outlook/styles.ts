/** CSS of the Outlook-side page: a quiet take on Microsoft To Do's layout. */
export const OUTLOOK_CSS = `
.top{display:flex;align-items:center;gap:12px;height:48px;padding:0 16px;background:#0f6cbd;color:#fff}
.top .app{font-weight:600;font-size:16px}
.top .sandbox-badge{background:#fff4ce;color:#6d5700;border-color:#f3d66b}
.top form{margin-left:auto;display:flex;gap:6px;align-items:center}
.top select{min-width:220px}
.top .btn{padding:4px 10px}
.layout{display:grid;grid-template-columns:260px 1fr;min-height:calc(100vh - 48px)}
.side{background:#fafafa;border-right:1px solid #e0e0e0;padding:12px 8px}
.side a.list{display:flex;align-items:center;gap:10px;padding:8px 10px;border-radius:4px;color:#242424;text-decoration:none}
.side a.list:hover{background:#f0f0f0}
.side a.list.active{background:#e5eefa;font-weight:600}
.side .count{margin-left:auto;color:#707070;font-size:12px}
.side .icon{width:18px;text-align:center;color:#0f6cbd}
.side hr{border:none;border-top:1px solid #e0e0e0;margin:8px}
.side form{display:flex;gap:6px;padding:8px 6px}
.side form input{flex:1;min-width:0}
.main{padding:20px 28px;max-width:900px}
.main h1{font-size:24px;font-weight:600;color:#0f6cbd;margin:0}
.list-head{display:flex;align-items:center;gap:12px;margin-bottom:16px}
.list-head details{margin-left:auto}
.list-head details[open]{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:8px}
.list-head summary{cursor:pointer;color:#616161;list-style:none}
.add{display:flex;gap:8px;background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.12);padding:10px 12px;margin-bottom:14px}
.add input[type=text]{flex:1;border:none;outline:none;font-size:15px}
.task{background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.12);margin-bottom:6px}
.task .row{display:flex;align-items:center;gap:12px;padding:10px 12px}
.check{width:20px;height:20px;border-radius:50%;border:2px solid #0f6cbd;background:#fff;cursor:pointer;padding:0;flex:none}
.check.done{background:#0f6cbd;box-shadow:inset 0 0 0 3px #fff}
.title{flex:1}
.title .meta{font-size:12px;color:#616161;margin-top:2px}
.task.completed .title>span{text-decoration:line-through;color:#707070}
.star{color:#0f6cbd;font-size:16px}
.task details summary{cursor:pointer;color:#616161;font-size:13px;list-style:none;padding:0 12px 8px 44px}
.edit{display:grid;grid-template-columns:110px 1fr;gap:8px 12px;padding:4px 12px 12px 44px;align-items:center}
.edit label{font-size:13px;color:#424242}
.edit .actions{grid-column:2;display:flex;gap:8px;flex-wrap:wrap}
.steps{font-size:13px;color:#424242;padding:0 12px 8px 44px}
.steps{list-style:none;margin:0}
.steps li{margin:2px 0}
.add .plus{color:#0f6cbd;font-size:20px;line-height:32px}
.add{align-items:center}
h2.section{font-size:14px;color:#424242;margin:18px 0 8px}
.banner{background:#fde7e9;color:#a80000;border:1px solid #f1bbbc;border-radius:4px;padding:8px 12px;margin-bottom:12px}
.empty{color:#707070;padding:20px 0}
.hint{color:#616161;font-size:13px;margin:-8px 0 14px}
.add input[type=text]{min-width:0}
.edit .pair{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.edit .pair input[type=number]{width:4.5em;border:1px solid #d1d1d1;border-radius:4px;padding:6px 8px}
.edit .inline{font-size:13px;color:#424242;display:flex;gap:6px;align-items:center}
.hint-inline{font-size:12px;color:#616161}
.days{display:flex;flex-wrap:wrap;gap:4px 10px}
.days .day{font-size:13px;display:flex;gap:4px;align-items:center}
input[type=time]{border:1px solid #d1d1d1;border-radius:4px;padding:6px 8px;background:#fff}
.steps .done{text-decoration:line-through;color:#707070}
.steps-editor{padding:0 12px 12px 44px}
.steps-editor h3{font-size:13px;font-weight:600;color:#424242;margin:4px 0 6px}
.steps-editor ul{list-style:none;margin:0 0 6px;padding:0}
.step-row{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin:4px 0}
.step-row form{display:flex;gap:6px;align-items:center;margin:0}
.step-row .grow{flex:1 1 160px;min-width:0}
.step-row input[type=text]{flex:1;min-width:0}
.title{min-width:0;overflow-wrap:anywhere}
@media (max-width:640px){
.top{flex-wrap:wrap;height:auto;min-height:48px;padding:8px 12px;gap:6px 10px}
.top form{margin-left:0;width:100%}
.top select{min-width:0;flex:1}
.top label{display:none}
.layout{grid-template-columns:1fr;min-height:0}
.side{border-right:none;border-bottom:1px solid #e0e0e0;padding:8px;display:flex;flex-wrap:wrap;gap:4px}
.side a.list{padding:6px 10px;background:#fff;border:1px solid #e0e0e0}
.side hr{display:none}
.side form{width:100%;padding:4px 0 0}
.main{padding:14px 12px}
.main h1{font-size:20px;overflow-wrap:anywhere}
.add{flex-wrap:wrap}
.add input[type=text]{flex:1 1 60%}
.add input[type=date]{flex:1 1 auto}
.task details summary{padding-left:12px}
.steps{padding-left:12px}
.edit{grid-template-columns:1fr;padding:4px 12px 12px}
.edit .actions{grid-column:1}
.edit input,.edit select,.edit textarea{width:100%}
.edit .pair input,.edit .pair select{width:auto;flex:1 1 40%;min-width:0}
.edit .days input{width:auto}
.edit .pair input[type=number]{flex:0 0 4.5em}
.steps-editor{padding-left:12px}
.step-row .btn{padding:4px 8px}
}
`;
