-- sqlhound for Neovim 0.7 to 0.10, which have no `vim.lsp.config` (on 0.11+, use the
-- snippet in README.md): one `sqlhound server` per working directory, attached to every
-- SQL and Python buffer.
--
--   require("sqlhound").setup({ init_options = { ignore = { "select-star" } } })

local M = {}

function M.setup(opts)
  opts = opts or {}
  local clients = {}
  vim.api.nvim_create_autocmd("FileType", {
    pattern = { "sql", "python" },
    callback = function(args)
      local root = vim.fn.getcwd()
      if not clients[root] then
        clients[root] = vim.lsp.start_client({
          name = "sqlhound",
          cmd = opts.cmd or { "sqlhound", "server" },
          root_dir = root,
          init_options = opts.init_options or {},
        })
      end
      if clients[root] then
        vim.lsp.buf_attach_client(args.buf, clients[root])
      end
    end,
  })
end

return M
