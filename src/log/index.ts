export { createLogger, formatLogLine, logger, resolveLogLevel, rootLogger, type Logger } from './logger.js'
