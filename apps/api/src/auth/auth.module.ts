import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { Clock } from './clock.js';
import { LoginThrottle } from './login-throttle.js';
import { OpenSockets } from './open-sockets.js';
import { SecurityLog } from './security-log.js';
import { SessionWatch } from './session-watch.js';

@Module({
  imports: [UsersModule],
  providers: [
    AuthService,
    AuthResolver,
    Clock,
    { provide: LoginThrottle, useFactory: () => new LoginThrottle() },
    OpenSockets,
    SecurityLog,
    SessionWatch,
  ],
  exports: [AuthService, Clock, SecurityLog],
})
export class AuthModule {}
