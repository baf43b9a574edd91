import { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig, originAllowed } from '../config';
import { correlationMiddleware, requestLogMiddleware } from '../logging';
import { BodyBudget } from './body/body-budget';
import { BodyReaderInterceptor } from './body/body-reader.interceptor';
import { ErrorFilter } from './error.filter';
import { RequestObserver } from './request-observer';
import { smallBodyEtag } from './response-etag';
import { securityHeaders } from './security-headers';
import { RequestValidationPipe } from './validation';

/** CORS of accounts spec §7.5 (the protocol's list plus the headers OpSync's own API reads). */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Content-Encoding',
  'Content-Transfer-Encoding',
  'X-Expected-Rev',
  'X-Force-Overwrite',
  'X-Requested-With',
  'If-Match',
  'If-None-Match',
];

/**
 * The request pipeline, shared by main.ts and every e2e test so both run exactly the same thing.
 * The app must be created with `bodyParser: false`: bodies are read by BodyReaderInterceptor, after the
 * guards (rate limit, access token), so a refused request never has its body read.
 */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.trustProxy);
  express.disable('x-powered-by');
  express.set('etag', smallBodyEtag);
  const observer = app.get(RequestObserver);
  app.use((req: Request, res: Response, next: NextFunction) => {
    observer.observe(req, res);
    next();
  });
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware);
  app.use(securityHeaders(config.publicUrl.startsWith('https://'), config.turnstile !== null));
  if (config.cors.enabled) {
    app.enableCors({
      origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) =>
        callback(null, origin !== undefined && originAllowed(origin, config.cors.origins)),
      credentials: true,
      methods: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: ['X-Rev', 'X-Updated-At', 'ETag', 'X-Request-Id'],
      maxAge: 86_400,
    });
  }
  // One budget for the app, and so for the process (main.ts creates one app).
  app.useGlobalInterceptors(new BodyReaderInterceptor(app.get(Reflector), new BodyBudget(config.bodyBudgetBytes)));
  app.useGlobalPipes(new RequestValidationPipe(!config.isProduction));
  app.useGlobalFilters(new ErrorFilter());
  return app;
}
