-- Changes to the on-demand clone task zset whose members are '<alias>:<pool>:<count>:<request id>'.
-- Tasks of the same request line and score are merged by adding their counts, so no VM is ever lost
-- to two identical members (the reference loses retries that way).
-- KEYS[1] = task zset; ARGV[1] = 'retry' (alias, pool, request id, retry score)
--                               or 'take' (member, VMs granted)
local tasks = KEYS[1]

local function parse(member)
  return string.match(member, '^([^:]*):([^:]*):(%d+):(.*)$')
end

local function add(alias, pool, count, id, score)
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', tasks, score, score)) do
    local a, p, c, r = parse(member)
    if a == alias and p == pool and r == id then
      redis.call('ZREM', tasks, member)
      count = count + tonumber(c)
      break
    end
  end
  local member = alias .. ':' .. pool .. ':' .. count .. ':' .. id
  local existing = redis.call('ZSCORE', tasks, member)
  while existing do
    redis.call('ZREM', tasks, member)
    count = count * 2
    score = math.min(tonumber(score), tonumber(existing))
    member = alias .. ':' .. pool .. ':' .. count .. ':' .. id
    existing = redis.call('ZSCORE', tasks, member)
  end
  redis.call('ZADD', tasks, score, member)
end

if ARGV[1] == 'retry' then
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
if alias and tonumber(count) > granted then
  add(alias, pool, tonumber(count) - granted, id, score)
end
return 1
