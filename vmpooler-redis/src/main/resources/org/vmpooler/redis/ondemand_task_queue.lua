-- Changes to the on-demand clone task zset, members '<alias>:<pool>:<count>:<request id>'.
-- A request line has at most one task: more VMs for it are added to that task's count, and the task keeps
-- the lower score. (Two tasks with equal members would collapse into one zset entry and lose VMs, as the
-- reference's retries did.)
-- KEYS[1] = task zset
-- ARGV[1] = 'retry': KEYS[2] = request hash; ARGV = _, alias, pool, request id, retry score.
--           Queued only while the request is in progress (exists, no status).
--         = 'take':  ARGV = _, member, VMs granted. Returns 0 when the task is gone.
local tasks = KEYS[1]

local function parse(member)
  return string.match(member, '^([^:]*):([^:]*):(%d+):(.*)$')
end

local function add(alias, pool, count, id, score)
  if count <= 0 then
    return
  end
  score = tonumber(score)
  -- Every task of the line is folded in, which also heals duplicates an older writer left behind.
  local entries = redis.call('ZRANGE', tasks, 0, -1, 'WITHSCORES')
  for n = 1, #entries, 2 do
    local a, p, c, r = parse(entries[n])
    if a == alias and p == pool and r == id then
      redis.call('ZREM', tasks, entries[n])
      count = count + tonumber(c)
      score = math.min(score, tonumber(entries[n + 1]))
    end
  end
  redis.call('ZADD', tasks, score, alias .. ':' .. pool .. ':' .. count .. ':' .. id)
end

if ARGV[1] == 'retry' then
  local status = redis.call('HGET', KEYS[2], REQUEST.status)
  if redis.call('EXISTS', KEYS[2]) == 0 or (status and status ~= '') then
    return 0
  end
  add(ARGV[2], ARGV[3], 1, ARGV[4], ARGV[5])
  return 1
end

local member, granted = ARGV[2], tonumber(ARGV[3])
local score = redis.call('ZSCORE', tasks, member)
if not score then
  return 0
end
redis.call('ZREM', tasks, member)
local alias, pool, count, id = parse(member)
if alias then
  add(alias, pool, tonumber(count) - granted, id, score)
end
return 1
