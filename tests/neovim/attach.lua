-- Run by tests/integrations.rs in a headless Neovim: load editors/neovim, open a file,
-- wait for sqlhound's diagnostics and write them out (line:column code message).
vim.opt.runtimepath:append(os.getenv("SQLHOUND_NVIM_RTP"))
require("sqlhound").setup({ cmd = { os.getenv("SQLHOUND_BIN"), "server" } })
vim.cmd("edit " .. os.getenv("SQLHOUND_FILE"))
vim.wait(15000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local out = assert(io.open(os.getenv("SQLHOUND_OUT"), "w"))
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  out:write(string.format("%d:%d %s %s %s\n", d.lnum, d.col, d.source or "?", code, d.message))
end
out:close()
vim.cmd("qa!")
