-- Everything /status needs in one round trip, whatever the number of pools and VMs.
-- ARGV = six queue prefixes (VmState order), lastboot hash, pool clone counter, on-demand clone counter,
--        new-request zset, task zset, request hash prefix, clone statistic and its summary, boot statistic and
--        its summary, pool count, pools...
local n = 0
local function arg()
  n = n + 1
  return ARGV[n]
end
local prefixes = {}
for s = 1, 6 do
  prefixes[s] = arg()
end
local lastboot, poolSlots, ondemandSlots = arg(), arg(), arg()
local newRequests, tasks, requestPrefix = arg(), arg(), arg()
local cloneStat, cloneSummary, bootStat, bootSummary = arg(), arg(), arg(), arg()

local counts, boots = {}, {}
for p = 1, tonumber(arg()) do
  local pool = arg()
  for s = 1, 6 do
    counts[#counts + 1] = redis.call('SCARD', prefixes[s] .. pool)
  end
  boots[p] = redis.call('HGET', lastboot, pool) or ''
end

local function counter(key)
  return tonumber(redis.call('GET', key) or '0') or 0
end

-- VMs asked for but not yet being cloned: lines of new requests plus queued clone tasks.
local requested = 0
for _, id in ipairs(redis.call('ZRANGE', newRequests, 0, -1)) do
  local lines = redis.call('HGET', requestPrefix .. id, REQUEST.requested) or ''
  for count in string.gmatch(lines, '[^,:]+:[^,:]+:%s*(%d+)') do
    requested = requested + tonumber(count)
  end
end
for _, member in ipairs(redis.call('ZRANGE', tasks, 0, -1)) do
  requested = requested + (tonumber(string.match(member, '^[^:]*:[^:]*:(%d+):')) or 0)
end

-- A day's durations as {count, total, min, max} (numbers as text). The summary kept beside the hash is used
-- when it covers every entry; a hash also written by a process that keeps no summary (the Ruby reference) is
-- summed up here, value by value.
local function durations(stat, summaryKey)
  local summary = redis.call('HMGET', summaryKey, 'count', 'total', 'min', 'max')
  local entries = redis.call('HLEN', stat)
  if entries == 0 then
    return {'0', '0', '0', '0'}
  end
  if tonumber(summary[1]) == entries then
    return {summary[1], summary[2], summary[3], summary[4]}
  end
  local count, total, min, max = 0, 0, nil, nil
  for _, text in ipairs(redis.call('HVALS', stat)) do
    local value = tonumber(text)
    if value then
      count = count + 1
      total = total + value
      if not min or value < min then min = value end
      if not max or value > max then max = value end
    end
  end
  local summed = {tostring(count), string.format('%.17g', total), tostring(min or 0), tostring(max or 0)}
  if count == entries then
    -- Kept from now on, so that a day begun before the summary existed is read value by value only once.
    redis.call('HSET', summaryKey, 'count', summed[1], 'total', summed[2], 'min', summed[3],
        'max', summed[4])
  end
  return summed
end

return {counts, boots, counter(poolSlots), counter(ondemandSlots), requested,
        durations(cloneStat, cloneSummary), durations(bootStat, bootSummary)}
