-- Tags an existing VM and records each tag in the day's statistic; an unknown VM gets no record.
-- KEYS = VM hash, the day's tag statistic; ARGV = VM name, tag, value, tag, value, ...
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for n = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], VM.tag_prefix .. ARGV[n], ARGV[n + 1])
  redis.call('HSET', KEYS[2], ARGV[1] .. ':' .. ARGV[n], ARGV[n + 1])
end
return 1
