import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import type { AppConfig } from '../config.js';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { APP_CONFIG } from '../tokens.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceFiles } from './evidence-files.js';

/** 根拠資料ファイル: the content-addressed files in the data folder and their upload/download under /evidence. */
@Module({
  imports: [AuthModule, EvaluationsModule],
  controllers: [EvidenceController],
  providers: [{ provide: EvidenceFiles, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new EvidenceFiles(config.evidenceDir, config.evidenceMaxBytes) }],
})
export class EvidenceModule {}
