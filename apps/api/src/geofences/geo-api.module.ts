import { Module } from '@nestjs/common';
import { GeoModule } from '@localreach/geo';
import { LocationPingsController } from '../location-pings/location-pings.controller';
import { GeofencesController } from './geofences.controller';

/** The HTTP face of libs/geo: geofence CRUD and location pings. */
@Module({
  imports: [GeoModule],
  controllers: [GeofencesController, LocationPingsController],
})
export class GeoApiModule {}
