-- Prepended to the scripts that record a clone or boot duration. Besides the day's hash of every duration
-- (the reference's record, kept as it is), a summary hash keeps count, total, min and max, so that /status
-- reads four fields instead of every duration of the day.
local function record_duration(stat, summary, field, seconds)
  if redis.call('HSET', stat, field, seconds) == 0 then
    return
  end
  local value = tonumber(seconds)
  if not value then
    return
  end
  redis.call('HINCRBY', summary, 'count', 1)
  redis.call('HINCRBYFLOAT', summary, 'total', value)
  local bounds = redis.call('HMGET', summary, 'min', 'max')
  local min, max = tonumber(bounds[1] or ''), tonumber(bounds[2] or '')
  if not min or value < min then
    redis.call('HSET', summary, 'min', seconds)
  end
  if not max or value > max then
    redis.call('HSET', summary, 'max', seconds)
  end
end
