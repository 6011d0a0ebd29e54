-- KEYS = VM hash, the day's tag statistic; ARGV = VM name, tag, value, tag, value, ...
for n = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], 'tag:' .. ARGV[n], ARGV[n + 1])
  redis.call('HSET', KEYS[2], ARGV[1] .. ':' .. ARGV[n], ARGV[n + 1])
end
return 1
