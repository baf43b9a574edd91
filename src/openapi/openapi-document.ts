import { Injectable, INestApplication, NotFoundException } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import fs from 'node:fs';
import { projectPath } from '../database';
import { addSharedResponses } from './shared-responses';
import { describeValidatedClasses } from './validator-schemas';

/** The OpenAPI document of the running app, built once at start-up by documentApi(). */
@Injectable()
export class OpenApiDocument {
  private document?: OpenAPIObject;

  get current(): OpenAPIObject {
    if (!this.document) throw new NotFoundException('Cannot GET /api/openapi.json');
    return this.document;
  }

  publish(document: OpenAPIObject): void {
    this.document = document;
  }
}

/**
 * Builds the document from every controller the app has (Nest's route metadata, the DTOs' validation
 * rules, the @ApiErrors of each route) and hands it to /api/openapi.json. Called by the composition
 * roots (main.ts, the e2e test app) once the app is created, before it serves requests.
 */
export function documentApi(app: INestApplication): void {
  describeValidatedClasses();
  const config = new DocumentBuilder()
    .setTitle('OpSync')
    .setDescription('Sync server for local-first apps (SuperSync protocol and OpSync API). Errors carry a stable `errorCode`.')
    .setVersion(packageVersion())
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  addSharedResponses(document);
  app.get(OpenApiDocument).publish(document);
}

/** The server's version, from the package.json shipped beside it (also in the Docker image). */
function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}
